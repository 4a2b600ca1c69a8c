/** `timmy doctor` on triage's scheduled sweeps. */
import type { DoctorCheck } from '../../core/doctor-check.js'

/** The doctor's view of the scheduled sweeps: dry (confirm off) or without repositories → a warning. */
export function sweepChecks(options: {
  confirm: boolean
  repos: string[]
  schedule: { sweep: string }
}): DoctorCheck[] {
  const problems: string[] = []
  if (!options.confirm)
    problems.push(
      'scheduled sweeps are dry: they plan labels, routing and stale marks but change nothing in Gitea; turn them on with pluginOptions.triage.confirm: true',
    )
  if (options.repos.length === 0)
    problems.push('no repositories to sweep: list them in pluginOptions.triage.repos')
  if (problems.length === 0)
    return [
      {
        name: 'triage',
        ok: true,
        detail: `sweeps ${options.repos.join(', ')} on "${options.schedule.sweep}", applied`,
      },
    ]
  return [{ name: 'triage', ok: false, advisory: true, detail: problems.join('; ') }]
}
