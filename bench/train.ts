/**
 * Training pipeline benchmark (bench/train.ts).
 *
 * 1. Speed: 8,000 realistic sessions in a state.db with Hermes' schema; `ingest` + `curate` (in one
 *    pass, as `timmy train all` runs them; also with `--threads`) against the floor: a plain better-sqlite3 read of the same
 *    rows (every column of sessions and messages) in the same run. Target ≤ 3 s and ≤ 4× the floor.
 * 2. Memory: 200,000 sessions, ingest + curate in a fresh child process; its peak RSS against a child
 *    that only reads the same rows. Target ≤ 300 MB.
 *
 * Run: node --import tsx bench/train.ts [--sessions 8000] [--big 200000] [--no-big]
 * Generated databases are kept in the temp folder and reused by later runs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Sqlite from 'better-sqlite3'
import { createRegistry } from '../training/consent.js'
import { createPipelinedCurator } from '../training/curate-threaded.js'
import { ingest } from '../training/ingest.js'
import { makeStateDb } from './train-data.js'

const consent = createRegistry([
  { scope: 'source', id: 'cli', level: 'train', at: '2026-01-01T00:00:00Z' },
  { scope: 'source', id: 'cron', level: 'train', at: '2026-01-01T00:00:00Z' },
])

function cachedDb(sessions: number, size: 'full' | 'small'): string {
  const dir = join(tmpdir(), 'timmy-bench-train')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `state-${sessions}-${size}-v1.db`)
  if (!existsSync(file)) {
    const t = performance.now()
    const partial = `${file}.partial`
    rmSync(partial, { force: true })
    makeStateDb(partial, sessions, { size, fts: false })
    renameSync(partial, file)
    console.log(
      `  generated ${sessions} sessions in ${((performance.now() - t) / 1000).toFixed(1)} s (${file})`,
    )
  }
  return file
}

function plainRead(file: string): number {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true })
  let rows = 0
  for (const _ of db.prepare('SELECT * FROM sessions').iterate()) rows++
  for (const _ of db.prepare('SELECT * FROM messages').iterate()) rows++
  db.close()
  return rows
}

async function pipeline(
  file: string,
  out: string,
  threads: boolean,
): Promise<{ pairs: number; kept: number; dropped: Record<string, number> }> {
  const curator = createPipelinedCurator({ out: join(out, 'curated.jsonl'), redactPii: true }, { threads })
  const i = ingest({
    stateDb: file,
    consent,
    out: join(out, 'raw.jsonl'),
    onPair: (p, line) => curator.add(p, line),
  })
  const c = await curator.finish()
  return { pairs: i.pairs, kept: c.out, dropped: c.dropped }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Wall time (ms), the result, and CPU time (ms, user + system, all threads) of `fn`. */
async function time<T>(fn: () => T | Promise<T>): Promise<[number, T, number]> {
  const t = performance.now()
  const c = process.cpuUsage()
  const r = await fn()
  const cpu = process.cpuUsage(c)
  return [performance.now() - t, r, (cpu.user + cpu.system) / 1000]
}

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '8000' },
    big: { type: 'string', default: '200000' },
    'no-big': { type: 'boolean' },
    child: { type: 'string' },
    db: { type: 'string' },
  },
})

if (values.child) {
  // A fresh process for a clean peak RSS.
  const out = mkdtempSync(join(tmpdir(), 'timmy-bench-out-'))
  try {
    const [ms, r] =
      values.child === 'plain'
        ? await time(() => ({ rows: plainRead(values.db!) }))
        : await time(() => pipeline(values.db!, out, values.child === 'threads'))
    console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, ...r }))
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  process.exit(0)
}

const n = Number(values.sessions)
console.log(`## speed: ${n} sessions`)
const file = cachedDb(n, 'full')
const out = mkdtempSync(join(tmpdir(), 'timmy-bench-out-'))
try {
  plainRead(file) // warm the page cache
  const floors: number[] = []
  const floorsCpu: number[] = []
  const runs: number[] = []
  const runsCpu: number[] = []
  const threaded: number[] = []
  let result: Awaited<ReturnType<typeof pipeline>> | undefined
  for (let k = 0; k < 3; k++) {
    const [fw, , fc] = await time(() => plainRead(file))
    floors.push(fw)
    floorsCpu.push(fc)
    const [ms, r, cpu] = await time(() => pipeline(file, out, false))
    runs.push(ms)
    runsCpu.push(cpu)
    result = r
    threaded.push((await time(() => pipeline(file, out, true)))[0])
  }
  const floor = median(floors)
  const ours = median(runs)
  const floorCpu = median(floorsCpu)
  const oursCpu = median(runsCpu)
  const two = median(threaded)
  console.log(
    `  plain better-sqlite3 read of the same rows: ${floor.toFixed(0)} ms wall, ${floorCpu.toFixed(0)} ms CPU (median of 3)`,
  )
  console.log(
    `  ingest + curate in one pass (train all): ${ours.toFixed(0)} ms wall, ${oursCpu.toFixed(0)} ms CPU (median of 3) → ${result!.pairs} pairs, ${result!.kept} kept`,
  )
  console.log(
    `  with curate on a second thread (train all --threads): ${two.toFixed(0)} ms wall = ${(two / floor).toFixed(2)}× the floor`,
  )
  console.log(
    `  CPU time ratio to the floor: ${(oursCpu / floorCpu).toFixed(2)}× (less sensitive to other load on the machine)`,
  )
  console.log(`  dropped: ${JSON.stringify(result!.dropped)}`)
  console.log(
    `  ratio to the floor: ${(ours / floor).toFixed(2)}× (target ≤ 4×); ${ours <= 3000 ? 'within' : 'over'} the 3 s target; ${((n / ours) * 1000).toFixed(0)} sessions/s`,
  )
} finally {
  rmSync(out, { recursive: true, force: true })
}

if (!values['no-big']) {
  const big = Number(values.big)
  console.log(`## memory: ${big} sessions`)
  const bigFile = cachedDb(big, 'small')
  const self = fileURLToPath(import.meta.url)
  const child = (kind: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', kind, '--db', bigFile], {
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(r.stderr)
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; maxRssKb: number; pairs?: number }
  }
  const base = child('plain')
  const ours = child('single')
  const twoThreads = child('threads')
  const mb = (kb: number) => kb / 1024
  console.log(`  plain read: peak RSS ${mb(base.maxRssKb).toFixed(0)} MB in ${(base.ms / 1000).toFixed(1)} s`)
  console.log(
    `  ingest + curate: peak RSS ${mb(ours.maxRssKb).toFixed(0)} MB in ${(ours.ms / 1000).toFixed(1)} s (${ours.pairs} pairs)`,
  )
  console.log(
    `  ratio to the plain read: ${(ours.maxRssKb / base.maxRssKb).toFixed(2)}×; ${mb(ours.maxRssKb) <= 300 ? 'within' : 'over'} the 300 MB target`,
  )
  console.log(
    `  with curate on a second thread (--threads): peak RSS ${mb(twoThreads.maxRssKb).toFixed(0)} MB in ${(twoThreads.ms / 1000).toFixed(1)} s`,
  )
}
