/** Print a run report as a plan: each step, its input and output, the effects it would apply (or applied), tokens, time. */
import type { RunReport, StepResult } from '../../core/hooks.js'

const MARK: Record<StepResult['outcome'], string> = { ok: '✓', failed: '✗', skipped: '–', vetoed: '⊘' }

export function formatReport(report: RunReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = []
  const mode = report.dryRun ? 'dry run (nothing applied; pass --apply to apply the effects)' : 'applied'
  lines.push(`playbook ${report.playbook} · lane ${report.lane ?? '-'} · run ${report.runId}`)
  lines.push(`mode: ${mode}`)
  if (report.item)
    lines.push(
      `event: ${report.item.event}${report.item.repo ? ` ${report.item.repo}${report.item.issue ? `#${report.item.issue}` : ''}` : ''}`,
    )
  lines.push('')
  for (const [i, s] of report.steps.entries()) {
    const tokens = s.usage ? ` · ${(s.usage.input_tokens ?? 0) + (s.usage.output_tokens ?? 0)} tokens` : ''
    lines.push(
      `${String(i + 1).padStart(3)}. ${MARK[s.outcome]} ${s.stepId} (${s.use}) ${s.outcome} · ${ms(s.durationMs)}${tokens}`,
    )
    if (s.reason) lines.push(`       reason: ${s.reason}${s.vetoedBy ? ` (by ${s.vetoedBy})` : ''}`)
    if (s.error) lines.push(`       error: ${s.error.code ? `${s.error.code}: ` : ''}${s.error.message}`)
    if (s.input !== undefined && Object.keys(s.input as object).length)
      lines.push(`       input: ${options.verbose ? JSON.stringify(s.input) : short(s.input)}`)
    if (s.outcome === 'ok' && s.output !== undefined) lines.push(`       output: ${short(s.output)}`)
    for (const [j, e] of (s.effects ?? []).entries()) {
      const status = s.applied?.[j]?.status ?? (report.dryRun ? 'planned' : 'not-applied')
      const verb = status === 'planned' ? 'would apply' : status
      const { kind, ...fields } = e
      lines.push(`       effect ${verb}: ${kind} ${short(fields)}`)
    }
  }
  lines.push('')
  const tokens = report.tokens ? ` · tokens ${report.tokens.input} in / ${report.tokens.output} out` : ''
  lines.push(
    `outcome: ${report.outcome}${report.reason ? ` (${report.reason})` : ''} · ${ms(report.durationMs ?? 0)}${tokens}`,
  )
  return lines.join('\n')
}

function ms(n: number): string {
  return n < 10 ? `${n.toFixed(1)} ms` : `${Math.round(n)} ms`
}

function short(v: unknown): string {
  // the plan stays readable; --verbose prints inputs whole
  const text = JSON.stringify(v) ?? 'undefined'
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}
