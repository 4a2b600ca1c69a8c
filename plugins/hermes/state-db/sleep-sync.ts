/** Block the thread for `ms` (used between SQLITE_BUSY retries in the synchronous reader). */
const cell = new Int32Array(new SharedArrayBuffer(4))

export function sleepSync(ms: number): void {
  Atomics.wait(cell, 0, 0, ms)
}
