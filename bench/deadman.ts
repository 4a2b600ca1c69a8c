/**
 * Deadman: evaluating 10,000 wizards' states per tick, against a loop that only reads their last-beat
 * times (same records, same run). Also the full tick (SQLite load + stamp stat + save) for reference.
 * Run: node --import tsx bench/deadman.ts
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { createHooks } from '../core/hooks.js'
import { silentLogger } from '../core/log.js'
import { openStore } from '../core/store/store.js'
import { createDeadman } from '../plugins/deadman/create-deadman.js'
import { evaluateAll, type WizardRecord } from '../plugins/deadman/evaluate-state.js'
import { type DeadmanOptions, DeadmanOptionsSchema, resolveTuning } from '../plugins/deadman/options.js'
import { createHermesService } from '../plugins/hermes/create-hermes-service.js'

const N = 10_000
const ROUNDS = 200
const start = Date.now()

const wizards: Record<string, object> = {}
for (let i = 0; i < N; i++) wizards[`w${i}`] = { periodSeconds: 60 + (i % 5) * 30 }
const options = Value.Default(DeadmanOptionsSchema, { wizards, stampDir: tmpdir() }) as DeadmanOptions
const tuning = resolveTuning(options)
const records: WizardRecord[] = Object.keys(wizards).map((wizard, i) => ({
  wizard,
  watchSince: start - 3_600_000,
  state: 'up',
  stateSince: start - 60_000,
  lastBeatAt: i % 7 === 0 ? null : start - (i % 300) * 1000,
  lastBeatSource: 'stamp',
  upSince: start - 60_000,
  paused: i % 97 === 0,
  active: false,
  streak: 0,
  lastRestartAt: null,
  incident: null,
  incidentRestarts: 0,
  incidentRolledBack: false,
  stampMtime: null,
  flags: [],
  lastError: null,
  resetAt: 0,
}))
const timingOf = (r: WizardRecord) => tuning.wizards.get(r.wizard)!

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
function time(fn: (round: number) => unknown): number {
  for (let i = 0; i < 20; i++) fn(i) // warm-up
  const xs: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const t = process.hrtime.bigint()
    fn(i)
    xs.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return median(xs)
}

let sink = 0
const baseline = time(() => {
  let s = 0
  for (let i = 0; i < records.length; i++) s += records[i]!.lastBeatAt ?? 0
  sink += s
})
const evaluate = time((round) => {
  sink += evaluateAll(records, timingOf, start + round * 1000).length
})

// The full tick: load 10,000 rows from SQLite, stat 10,000 stamp files, evaluate, save changes.
const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-deadman-'))
mkdirSync(join(dir, 'stamps'))
const store = await openStore(join(dir, 'timmy.db'))
const dm = createDeadman({
  options: { ...options, stampDir: join(dir, 'stamps') },
  store: async () => store,
  hooks: createHooks(),
  log: silentLogger,
  childEnv: createHermesService().childEnv,
  now: () => start,
})
await dm.status(start)
const ticks: number[] = []
for (let i = 0; i < 8; i++) {
  const t = process.hrtime.bigint()
  await dm.tick(start + i * 1000)
  ticks.push(Number(process.hrtime.bigint() - t) / 1e6)
}
// What the stamp reads alone cost: one stat() per wizard (the files do not exist, as in the tick).
const stats: number[] = []
for (let i = 0; i < 8; i++) {
  const t = process.hrtime.bigint()
  for (const name of Object.keys(wizards))
    statSync(join(dir, 'stamps', `agent-heartbeat-${name}.stamp`), { throwIfNoEntry: false })
  stats.push(Number(process.hrtime.bigint() - t) / 1e6)
}
store.close()
rmSync(dir, { recursive: true, force: true })

const fmt = (x: number) => x.toFixed(3)
console.log(`deadman: ${N} wizards, median of ${ROUNDS} ticks (sink ${sink % 10})`)
console.log(`  baseline (read last-beat times only): ${fmt(baseline)} ms/tick`)
console.log(
  `  state evaluation (evaluateAll):        ${fmt(evaluate)} ms/tick  = ${(evaluate / baseline).toFixed(1)}× baseline  (target ≤ 20 ms: ${evaluate <= 20 ? 'met' : 'NOT met'})`,
)
console.log(
  `  full tick (SQLite + ${N} stamp stats): ${fmt(median(ticks))} ms/tick  = ${(median(ticks) / baseline).toFixed(0)}× baseline (median of ${ticks.length})`,
)
console.log(`  of which ${N} stamp stat() calls alone:  ${fmt(median(stats))} ms`)
