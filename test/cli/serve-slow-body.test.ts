/**
 * A client that sends headers announcing a large body and then stalls (a slow-body attack) is cut off
 * by `timmy serve` once the request timeout passes (TIMMY_REQUEST_TIMEOUT_MS, 15 s by default).
 */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { test } from 'node:test'
import { spawnCli, waitForOutput } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('a request whose body stalls is closed by the server', async (t) => {
  const box = sandbox(t)
  const env = { ...box.env, TIMMY_REQUEST_TIMEOUT_MS: '1000' }
  const child = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env })
  t.after(() => child.kill('SIGKILL'))
  const [, port] = await waitForOutput(child, /listening on http:\/\/127\.0\.0\.1:(\d+)/)
  const socket = connect(Number(port), '127.0.0.1')
  t.after(() => socket.destroy())
  const closed = new Promise<boolean>((resolve) => {
    socket.on('close', () => resolve(true))
    socket.on('error', () => {})
    setTimeout(() => resolve(false), 20_000).unref()
  })
  socket.write(
    'POST /hooks/gitea HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 1000000\r\n\r\n{"a":',
  )
  assert.equal(await closed, true, 'the stalled connection was still open after 20 s')
})
