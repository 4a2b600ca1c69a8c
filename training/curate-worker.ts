/**
 * Curate on a second thread while the main thread ingests (`timmy train all` on a machine with more
 * than one core). The main thread posts batches of raw JSONL lines; this worker parses and judges
 * them with the same `createCurator`, and counts each batch done in a shared counter so the main
 * thread (which runs synchronously) can wait when it is too far ahead: memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type CurateOptions, createCurator } from './curate.js'

interface Data {
  options: Omit<CurateOptions, 'in' | 'progress' | 'total'>
  done: Int32Array
}

const { options, done } = workerData as Data
const curator = createCurator(options)

parentPort!.on('message', (msg: { lines?: string } | { end: true }) => {
  try {
    if ('end' in msg) {
      parentPort!.postMessage({ stats: curator.finish() })
      return
    }
    for (const line of msg.lines!.split('\n')) curator.add(JSON.parse(line), line)
  } catch (err) {
    curator.abort()
    parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) })
  } finally {
    Atomics.add(done, 0, 1)
    Atomics.notify(done, 0)
  }
})
