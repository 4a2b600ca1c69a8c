/** The verify stage: the merge gate (approved, mergeable, checks green, policy clean) on every tracked PR. */
import { gatePull } from './gate-pull.js'
import type { TickHost, TickOptions, TickReport } from './tick.js'

export async function verifyPulls(host: TickHost, o: TickOptions, report: TickReport): Promise<void> {
  if (!o.gate) return
  for (const t of report.track) {
    const v = await gatePull({ ...o.gate, signOffLabel: o.signOffLabel }, t.repo, t.pull)
    report.verify.push({
      repo: t.repo,
      pull: t.pull,
      action: v.action,
      failed: v.failed,
      planned: !o.confirm,
    })
    if (o.confirm) for (const e of v.effects) await host.applyEffect(e)
  }
}
