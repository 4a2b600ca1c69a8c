/**
 * A curator that runs on a worker thread (see curate-worker.ts), with the same `add`/`finish` shape
 * as `createCurator`, so ingest can hand it each pair's line and go on reading. At most `maxInFlight`
 * batches wait in the worker's queue; beyond that `add` blocks until the worker catches up.
 */
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ownModule } from '../core/index.js'
import { type CurateOptions, type CurateStats, createCurator } from './curate.js'
import { E } from './errors.js'

export interface AsyncCurator {
  add(pair: unknown, line: string): void
  finish(): Promise<CurateStats>
  abort(): void
}

/** The worker module; from TypeScript sources (tests, tsx) it is loaded through tsx's loader. */
function spawnWorker(workerData: unknown): Worker {
  const file = ownModule('training/curate-worker.js')
  if (!file.endsWith('.ts')) return new Worker(file, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const entry = pathToFileURL(file).href
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}) })`,
    { eval: true, workerData },
  )
}

/**
 * Curate on a worker thread when `threads` is set (and there is more than one core), else on this
 * thread. Off by default: it pays off only on an idle multi-core machine, and a second V8 heap costs
 * ~50 MB of peak memory (see BENCHMARKS.md).
 */
export function createPipelinedCurator(
  options: Omit<CurateOptions, 'in' | 'progress' | 'total'>,
  settings: { threads?: boolean; batch?: number; maxInFlight?: number } = {},
): AsyncCurator {
  if (!settings.threads || availableParallelism() < 2) {
    const c = createCurator(options)
    return { add: (pair, line) => c.add(pair, line), finish: async () => c.finish(), abort: () => c.abort() }
  }
  const batchSize = settings.batch ?? 256
  const maxInFlight = settings.maxInFlight ?? 8
  const done = new Int32Array(new SharedArrayBuffer(4))
  const worker = spawnWorker({ options, done })
  let sent = 0
  let batch: string[] = []
  let failure: string | undefined
  const result = new Promise<CurateStats>((resolve, reject) => {
    worker.on('message', (m: { stats?: CurateStats; error?: string }) => {
      if (m.error) {
        failure = m.error
        reject(E.CLI_INTERNAL({ reason: `curate worker: ${m.error}` }, { exitCode: 1 }))
      } else if (m.stats) resolve(m.stats)
    })
    worker.on('error', (err) => {
      failure = err.message
      reject(err)
    })
    worker.on('exit', (code) => {
      if (code !== 0)
        reject(E.CLI_INTERNAL({ reason: `curate worker exited with code ${code}` }, { exitCode: 1 }))
    })
  })
  result.catch(() => {})
  const post = () => {
    if (!batch.length) return
    const since = Date.now()
    while (sent - Atomics.load(done, 0) >= maxInFlight) {
      Atomics.wait(done, 0, Atomics.load(done, 0), 50)
      if (Date.now() - since > 120_000)
        throw E.CLI_INTERNAL({ reason: 'the curate worker made no progress for 2 minutes' }, { exitCode: 1 })
    }
    worker.postMessage({ lines: batch.join('\n') })
    sent++
    batch = []
  }
  return {
    add(_pair, line) {
      if (failure) throw E.CLI_INTERNAL({ reason: `curate worker: ${failure}` }, { exitCode: 1 })
      batch.push(line)
      if (batch.length >= batchSize) post()
    },
    async finish() {
      post()
      worker.postMessage({ end: true })
      try {
        return await result
      } finally {
        await worker.terminate()
      }
    },
    abort() {
      void worker.terminate()
    },
  }
}
