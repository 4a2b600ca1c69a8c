import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { createProgress, quietProgress } from '../../training/progress.js'

function sink(isTTY: boolean) {
  let text = ''
  const s = new Writable({
    write(chunk, _enc, cb) {
      text += chunk
      cb()
    },
  }) as Writable & { isTTY?: boolean; columns?: number }
  s.isTTY = isTTY
  s.columns = 80
  return { s, text: () => text }
}

test('on a TTY the bar is drawn, throttled by the clock, and erased at the end', () => {
  const { s, text } = sink(true)
  let now = 0
  const p = createProgress(s, { enabled: true, now: () => now })
  p.start('ingest', 200)
  for (let i = 0; i < 100; i++) p.tick()
  now = 150
  p.tick()
  p.done()
  const frames = text().split('\r').filter(Boolean)
  assert.match(frames[0]!, /ingest ▕ +▏ 0\/200 0%/)
  assert.match(text(), /101\/200 50%/)
  assert.ok(!text().includes('100/200'), 'ticks within 100 ms are not drawn')
  assert.equal(frames.at(-1), '\x1b[K')
})

test('off a TTY nothing is written', () => {
  const { s, text } = sink(false)
  const p = createProgress(s)
  assert.equal(p, quietProgress)
  p.start('x', 1)
  p.tick()
  p.done()
  assert.equal(text(), '')
})

test('without a total the bar shows a count', () => {
  const { s, text } = sink(true)
  const p = createProgress(s, { enabled: true, now: () => 1000 })
  p.start('export')
  p.tick(5)
  assert.match(text(), /export 0/)
})
