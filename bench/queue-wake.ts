/**
 * Cross-process wake benchmark: `node --import tsx bench/queue-wake.ts [--samples N] [--idle-ms MS]`.
 *
 * A worker runs in a child process on a SQLite file (default `pollIntervalMs`, 250); this process
 * enqueues one job at a time and measures enqueue → handler start (both sides read the same
 * high-resolution epoch clock). Then the worker's idle CPU (`process.cpuUsage` over `--idle-ms`).
 * Two rounds in the same run: `doorbell` (the default: the worker watches the doorbell file) and
 * `poll only` (the doorbell path is a directory, so the watch fails and the worker falls back to
 * polling every `pollIntervalMs` — the behaviour before the doorbell).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openStore } from '../core/store/store.js'
import { createQueue } from '../plugins/queue/queue.js'
import { createSqliteBackend } from '../plugins/queue/sqlite-backend.js'
import { median, percentile } from './lib.js'

const clockMs = () => performance.timeOrigin + performance.now()

if (process.argv[2] === '--worker') await runWorker(process.argv[3]!, process.argv[4]!)
else await main()

/** The child: a worker on `file`; prints `ready`, `start <id> <ms>` per job, `cpu <µs>` when asked `idle <ms>`. */
async function runWorker(file: string, doorbell: string): Promise<void> {
  const store = await openStore(file)
  const backend = createSqliteBackend(store, {
    resultTtlMs: 3_600_000,
    ...(doorbell === 'default' ? {} : { doorbell }),
  })
  const queue = createQueue({ backend })
  queue.define('ping', () => {
    process.stdout.write(`start ${clockMs()}\n`)
  })
  const worker = queue.createWorker({ concurrency: 1 })
  worker.start()
  process.stdout.write(`ready ${backend.canWake?.() ?? false}\n`)
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, arg] = line.split(' ')
    if (cmd === 'idle') {
      const before = process.cpuUsage()
      await new Promise((r) => setTimeout(r, Number(arg)))
      const used = process.cpuUsage(before)
      process.stdout.write(`cpu ${used.user + used.system}\n`)
    } else if (cmd === 'stop') break
  }
  await worker.stop(0)
  store.close()
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { samples: { type: 'string', default: '200' }, 'idle-ms': { type: 'string', default: '10000' } },
  })
  const samples = Number(values.samples)
  const idleMs = Number(values['idle-ms'])
  const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-wake-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const rows: string[] = []
  for (const mode of ['doorbell', 'poll only'] as const) {
    const file = join(dir, `${mode === 'doorbell' ? 'bell' : 'poll'}.db`)
    let doorbell = 'default'
    if (mode === 'poll only') {
      doorbell = join(dir, 'not-a-file')
      mkdirSync(doorbell)
    }
    const store = await openStore(file)
    const queue = createQueue({ store })
    queue.define('ping', () => {})
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', file, doorbell],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
    const lines = lineReader(child)
    const ready = await lines()
    if (!ready.startsWith('ready')) throw new Error(`worker: ${ready}`)
    const wakes = ready === 'ready true'

    await new Promise((r) => setTimeout(r, 1000))
    child.stdin!.write(`idle ${idleMs}\n`)
    const cpuMicros = Number((await lines()).split(' ')[1])

    const latencies: number[] = []
    for (let i = 0; i < samples; i++) {
      // Land anywhere in the poll cycle.
      await new Promise((r) => setTimeout(r, 3 + ((i * 37) % 250)))
      const t0 = clockMs()
      await queue.enqueue('ping')
      const started = Number((await lines()).split(' ')[1])
      latencies.push(started - t0)
    }
    child.stdin!.end('stop\n')
    await new Promise((r) => child.once('exit', r))
    store.close()
    rows.push(
      `| ${mode}${wakes ? '' : ' (watch failed, fallback)'} | ${median(latencies).toFixed(2)} ms | ` +
        `${percentile(latencies, 90).toFixed(2)} ms | ${(cpuMicros / 1000).toFixed(1)} ms per ${idleMs / 1000} s |`,
    )
  }
  console.log(
    `enqueue → start from another process, ${samples} samples; worker idle CPU (pollIntervalMs 250)`,
  )
  console.log('| worker | median | p90 | idle CPU |\n| --- | --- | --- | --- |')
  for (const r of rows) console.log(r)
}

/** Read the child's stdout line by line: each call resolves with the next line. */
function lineReader(child: ChildProcess): () => Promise<string> {
  const queued: string[] = []
  const waiting: ((line: string) => void)[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift()
    if (w) w(line)
    else queued.push(line)
  })
  return () => {
    const line = queued.shift()
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve))
  }
}
