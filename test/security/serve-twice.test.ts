// Issue 16 follow-up: a second `timmy serve` on the same TIMMY_HOME took over bridge.json and deleted it on stop.
/**
 * Two serves on one TIMMY_HOME share one store and one socket. The second one used to overwrite
 * bridge.json, and on its stop delete it, leaving the first one unreachable over HTTP. Now a second
 * serve that finds a live first one refuses (TIMMY_ERR_SERVER_ALREADY_RUNNING, exit 2), and a serve
 * removes bridge.json and bridge.sock on shutdown only when they are its own (its pid; the socket's inode).
 */
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { test } from 'node:test'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

async function startServe(t: { after(fn: () => unknown): void }, box: Sandbox): Promise<ChildProcess> {
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => child.kill('SIGKILL'))
  await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  return child
}

function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  return exited
}

test('a second timmy serve on the same TIMMY_HOME refuses, and the first keeps its bridge.json and socket', async (t) => {
  const box = sandbox(t)
  const first = await startServe(t, box)
  const file = join(box.home, 'bridge.json')
  const sock = join(box.home, 'bridge.sock')
  const before = readFileSync(file, 'utf8')
  const ino = statSync(sock).ino

  const second = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => second.kill('SIGKILL'))
  const exited = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)))
  let stderr = ''
  second.stderr!.on('data', (d) => (stderr += d))
  const [seen] = await waitForOutput(second, /listening on|TIMMY_ERR_SERVER_ALREADY_RUNNING/)
  if (seen === 'listening on') second.kill('SIGTERM') // the old behaviour: it took over; stop it cleanly
  const code = await exited
  assert.equal(code, 2, stderr)
  assert.match(stderr, /TIMMY_ERR_SERVER_ALREADY_RUNNING/)
  assert.match(stderr, /TIMMY_HOME/, 'the message says to use another TIMMY_HOME')
  assert.equal(readFileSync(file, 'utf8'), before, "the first serve's bridge.json is untouched")
  assert.equal(statSync(sock).ino, ino, "the first serve's socket is untouched")
  assert.equal(JSON.parse(before).pid, first.pid)
})

test('a serve leaves on stop a bridge.json and a socket that are not its own', async (t) => {
  const box = sandbox(t)
  const first = await startServe(t, box)
  const file = join(box.home, 'bridge.json')
  const sock = join(box.home, 'bridge.sock')
  // Someone else's files now stand at both paths.
  const other = JSON.stringify({
    url: 'http://127.0.0.1:1',
    pid: process.pid,
    startedAt: new Date().toISOString(),
  })
  writeFileSync(file, other, { mode: 0o600 })
  unlinkSync(sock)
  const squatter = createServer()
  await new Promise<void>((resolve) => squatter.listen(sock, resolve))
  t.after(() => new Promise((resolve) => squatter.close(resolve)))
  const ino = statSync(sock).ino

  assert.equal(await stop(first), 0)
  assert.equal(readFileSync(file, 'utf8'), other, 'bridge.json naming another pid stays')
  assert.ok(existsSync(sock), 'a socket this serve did not create stays')
  assert.equal(statSync(sock).ino, ino)
})
