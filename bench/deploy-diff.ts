/**
 * `timmy deploy --diff` of a one-line change in a 6,000-line file, against `diff -u` of the same two
 * files measured in the same run. Ours: read both files and build the unified diff (core/deploy/
 * unified-diff.ts, jsdiff); the baseline: one `diff -u` process. Target: ≤ 3× the baseline.
 * Run: node --import tsx bench/deploy-diff.ts [runs]
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unifiedDiff } from '../plugins/deploy/unified-diff.js'
import { fmt, median } from './lib.js'

const runs = Number(process.argv[2] ?? 21)
const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-diff-'))
try {
  const lines = Array.from({ length: 6000 }, (_, i) => `line ${i}: ${'x'.repeat(i % 60)} value_${i * 7}`)
  const a = join(dir, 'a.yaml')
  const b = join(dir, 'b.yaml')
  writeFileSync(a, `${lines.join('\n')}\n`)
  lines[3000] = 'line 3000: changed'
  writeFileSync(b, `${lines.join('\n')}\n`)
  const ours: number[] = []
  const baseline: number[] = []
  const heapBefore = process.memoryUsage().heapUsed
  let peak = 0
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint()
    const d = unifiedDiff('a.yaml', readFileSync(a, 'utf8'), readFileSync(b, 'utf8'))
    ours.push(Number(process.hrtime.bigint() - t) / 1e6)
    peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore)
    if (!d.includes('+line 3000: changed')) throw new Error('the diff lost the change')
    t = process.hrtime.bigint()
    const r = spawnSync('diff', ['-u', a, b], { stdio: ['ignore', 'ignore', 'pipe'] })
    baseline.push(Number(process.hrtime.bigint() - t) / 1e6)
    if (r.status !== 1) throw new Error(`diff -u exited ${r.status}`)
  }
  const o = median(ours)
  const base = median(baseline)
  console.log(`runs ${runs}, one changed line in 6,000`)
  console.log(`diff -u (process)        ${fmt(base)}`)
  console.log(`timmy deploy --diff      ${fmt(o)}   ${(o / base).toFixed(2)}× (target ≤ 3×)`)
  console.log(`heap growth, worst run   ${(peak / 1024 / 1024).toFixed(1)} MB`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
