/**
 * `flush_continuity`: append the active state (live generation, last known-good, jobs, freshness)
 * to `$TIMMY_HOME/daily-notes/YYYY-MM-DD.md`, atomically (read, append, write temp, rename).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HermesService } from '../hermes/types.js'
import type { DeployService } from './service.js'

export async function flushContinuity(
  hermes: HermesService,
  home: string,
  service: Pick<DeployService, 'live' | 'lastKnownGood' | 'generations' | 'freshness'>,
  options: { now?: () => number; extra?: string[] } = {},
): Promise<string> {
  const at = new Date((options.now ?? Date.now)())
  const file = join(home, 'daily-notes', `${at.toISOString().slice(0, 10)}.md`)
  const lines = [`## ${at.toISOString().slice(11, 19)} UTC — state`, '']
  const live = service.live()
  const gens = service.generations()
  const liveInfo = gens.find((g) => g.live)
  lines.push(
    `- live generation: ${live ?? 'none'}${liveInfo?.commit ? ` (commit ${liveInfo.commit.slice(0, 12)})` : ''}`,
  )
  lines.push(`- last known-good: ${service.lastKnownGood() ?? 'none'}; generations kept: ${gens.length}`)
  try {
    const f = await service.freshness()
    lines.push(
      `- freshness: ${f.ok ? 'ok' : `${f.drift.length} drift`} (${f.checked.cronJobs} cron jobs declared)`,
    )
    for (const d of f.drift) lines.push(`  - ${d.kind} ${d.id}: ${d.detail}`)
  } catch (err) {
    lines.push(`- freshness: not checked (${(err as Error).message.split('\n')[0]})`)
  }
  for (const x of options.extra ?? []) lines.push(`- ${x}`)
  const before = existsSync(file) ? readFileSync(file, 'utf8') : `# ${at.toISOString().slice(0, 10)}\n\n`
  hermes.files.writeFileAtomic(
    file,
    `${before}${before.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n\n`,
    0o600,
  )
  return file
}
