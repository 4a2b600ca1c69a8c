/**
 * Pool and runner overhead. Run: node --import tsx bench/pool.ts
 * 1. Per-step overhead of the worker pool against calling the same trivial step in-process (medians).
 * 2. Runs/s of a 5-step trivial playbook through the real runner and pool (2 threads), against the same
 *    runner with an in-process pool (the baseline), measured in the same run.
 * 3. Load + dry run + printed plan of a 200-step playbook, against a 5-step one.
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseYamlText } from '../core/config/yaml-source.js'
import { createHooks } from '../core/hooks.js'
import { formatReport } from '../plugins/playbooks/format-report.js'
import { parseLanes } from '../plugins/playbooks/load-lanes.js'
import { parsePlaybook } from '../plugins/playbooks/load-playbook.js'
import { runPlaybook } from '../plugins/playbooks/run-playbook.js'
import { buildStepCatalog } from '../plugins/playbooks/step-catalog.js'
import { createStepPool } from '../plugins/pool/create-pool.js'
import type { StepPool, StepReturn, StepTask } from '../plugins/pool/pool-types.js'
import * as steps from './fixtures/pool-steps.js'

const MODULE = new URL('./fixtures/pool-steps.ts', import.meta.url).href
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (n: number, d = 3) => n.toFixed(d)

const inProcess: StepPool = {
  async run(task: StepTask): Promise<StepReturn> {
    return (steps as Record<string, (i: unknown) => Promise<StepReturn>>)[task.name]!(
      structuredClone(task.input),
    )
  },
  stats: () => ({ threads: 0, completed: 0, failed: 0, queued: 0 }),
  async close() {},
}

async function perStep(pool: StepPool, n: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await pool.run({ module: MODULE, name: 'noop', input: { with: { i } } })
    times.push(performance.now() - t)
  }
  return median(times)
}

function playbookYaml(n: number): string {
  const lines = ['name: bench', 'lane: coder', 'on: manual', 'steps:']
  for (let i = 0; i < n; i++) {
    lines.push('  - use: bench/noop')
    lines.push(
      i === 0
        ? '    with: { n: 0 }'
        : `    with: { n: "\${{ steps.${i === 1 ? 'noop' : `noop-${i}`}.output.n }}" }`,
    )
  }
  return `${lines.join('\n')}\n`
}

async function main() {
  const cores = availableParallelism()
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cores} cores`,
  )
  const pool = createStepPool({ size: 2 })
  const lanes = parseLanes(
    parseYamlText('lanes:\n  coder: { wizard: coder, maxConcurrent: 64 }\n', 'lanes.yaml'),
  )
  const catalog = await buildStepCatalog([{ name: 'bench', steps: MODULE }])
  const load = (n: number) => parsePlaybook(parseYamlText(playbookYaml(n), 'bench.yaml'), { lanes, catalog })
  const hooks = createHooks()
  const effects = new Map()

  // warm up both paths
  await perStep(pool, 500)
  await perStep(inProcess, 500)
  const direct = await perStep(inProcess, 3000)
  const pooled = await perStep(pool, 3000)
  console.log('## per-step overhead (trivial step, sequential, median of 3000)')
  console.log(
    `in-process call: ${fmt(direct)} ms · pool round trip: ${fmt(pooled)} ms · added: ${fmt(pooled - direct)} ms (target ≤ 0.25) · ratio ${fmt(pooled / direct, 1)}×`,
  )

  const five = load(5)
  const throughput = async (p: StepPool, seconds: number, concurrency: number) => {
    let done = 0
    const end = performance.now() + seconds * 1000
    const worker = async () => {
      while (performance.now() < end) {
        const r = await runPlaybook(five, { dryRun: true }, { hooks, pool: p, effects })
        if (r.outcome !== 'ok') throw new Error(`run failed: ${r.reason}`)
        done++
      }
    }
    const t = performance.now()
    await Promise.all(Array.from({ length: concurrency }, worker))
    return done / ((performance.now() - t) / 1000)
  }
  const base = await throughput(inProcess, 3, 8)
  console.log(`\n## 5-step trivial playbook through the runner (${cores} cores, 8 runs in flight)`)
  console.log(`in-process baseline (no threads): ${Math.round(base)} runs/s`)
  for (const size of [1, 2]) {
    const p = size === 2 ? pool : createStepPool({ size })
    await throughput(p, 1, 8)
    const real = await throughput(p, 4, 8)
    console.log(
      `pool of ${size} thread${size > 1 ? 's' : ''}: ${Math.round(real)} runs/s (target ≥ 2000) · ratio to baseline ${fmt(real / base, 2)}`,
    )
    if (p !== pool) await p.close()
  }

  const plan = async (n: number) => {
    const t = performance.now()
    const pb = load(n)
    const report = await runPlaybook(pb, { dryRun: true }, { hooks, pool, effects })
    const text = formatReport(report)
    if (report.outcome !== 'ok' || !text) throw new Error('plan failed')
    return performance.now() - t
  }
  await plan(200)
  const small = median([await plan(5), await plan(5), await plan(5)])
  const big = median([await plan(200), await plan(200), await plan(200)])
  console.log('\n## dry-run plan: load + run + print (median of 3)')
  console.log(
    `200 steps: ${fmt(big, 1)} ms (target ≤ 1000) · 5 steps: ${fmt(small, 1)} ms · ratio ${fmt(big / small, 1)}× for 40× the steps`,
  )
  await pool.close()
}

await main()
