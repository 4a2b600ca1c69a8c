/** The Markdown form of an eval report: provenance, the category table, regressions, worst cases. */
import type { CaseLine, EvalReport } from './build-report.js'

const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

export function formatMarkdown(r: EvalReport): string {
  const out: string[] = []
  out.push(`# Eval: ${r.run.suite.name} — ${r.run.model}`, '')
  out.push(
    `- run: \`${r.run.id}\` (${r.run.state}${r.run.resumed ? ', resumed' : ''}, ${r.run.asked} asked now)`,
  )
  out.push(`- suite: ${r.run.suite.file} \`${r.run.suite.hash}\``)
  out.push(`- endpoint: ${r.run.endpoint}`)
  out.push(`- time: ${r.run.started_at} → ${r.run.finished_at ?? '(not finished)'}`)
  out.push(
    `- previous: ${r.previous ? `\`${r.previous.id}\` (${r.previous.model}, ${r.previous.finished_at})` : 'none (first run of this suite)'}`,
  )
  out.push(`- tokens: ${r.usage.input_tokens} in, ${r.usage.output_tokens} out`, '')
  out.push('| category | cases | passed | failed | errors | pass rate | previous | change |')
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const c of r.categories)
    out.push(
      `| ${cell(c.category)} | ${c.cases} | ${c.passed} | ${c.failed} | ${c.errors} | ${pct(c.rate)} | ${
        c.previous === undefined ? '—' : pct(c.previous)
      } | ${c.delta === undefined ? '—' : signed(c.delta)} |`,
    )
  const t = r.totals
  out.push(`| **all** | ${t.cases} | ${t.passed} | ${t.failed} | ${t.errors} | ${pct(t.rate)} | | |`, '')
  out.push(
    r.gate.ok
      ? `Gate (margin ${pct(r.gate.margin)}): ok`
      : `Gate (margin ${pct(r.gate.margin)}): **failed** — ${[
          ...r.gate.dropped.map((d) => `${d.category} ${pct(d.previous)} → ${pct(d.now)}`),
          ...r.gate.errored.map((e) => `${e.category} ${e.errors} of ${e.cases} errored`),
        ].join(', ')}`,
    '',
  )
  if (r.regressions.length) {
    out.push(`## Regressions (${r.regressions.length}: passed in the previous run, fail now)`, '')
    for (const c of r.regressions) out.push(...caseBlock(c))
  }
  if (r.worst.length) {
    out.push(`## Worst cases`, '')
    for (const c of r.worst) out.push(...caseBlock(c))
  }
  return `${out.join('\n').trimEnd()}\n`
}

function caseBlock(c: CaseLine): string[] {
  const why = c.error ? `error — ${c.error}` : c.failures.join('; ')
  const lines = [`### ${c.case_id} (${c.category}, score ${c.score.toFixed(2)})`, '', why, '']
  if (c.answer !== null) lines.push(...c.answer.split('\n').map((l) => `> ${l}`), '')
  return lines
}
