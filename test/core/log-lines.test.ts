/** Issue 17 finding 6: readable log lines on a terminal, JSON lines everywhere else. */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { createLogger } from '../../core/log.js'

class Capture extends Writable {
  text = ''
  constructor(readonly isTTY: boolean) {
    super()
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString()
    done()
  }
}

test('on a terminal each record is one readable line; in a pipe it is a JSON line', async (t) => {
  const saved = { format: process.env.TIMMY_LOG_FORMAT, noColor: process.env.NO_COLOR }
  delete process.env.TIMMY_LOG_FORMAT
  process.env.NO_COLOR = '1'
  t.after(() => {
    if (saved.format === undefined) delete process.env.TIMMY_LOG_FORMAT
    else process.env.TIMMY_LOG_FORMAT = saved.format
    if (saved.noColor === undefined) delete process.env.NO_COLOR
    else process.env.NO_COLOR = saved.noColor
  })
  for (const level of ['info', 'warn']) {
    const tty = new Capture(true)
    const log = await createLogger(level, tty)
    log.child({ plugin: 'deadman' }).warn({ wizard: 'ezra', late: '92s', token: 'hunter2' }, 'wizard is late')
    await new Promise((r) => setImmediate(r))
    assert.match(
      tty.text,
      /^\d\d:\d\d:\d\d WARN {2}deadman: wizard is late wizard=ezra late=92s token="?\[redacted\]"?\n$/,
      `${level}: ${tty.text}`,
    )
    const pipe = new Capture(false)
    const json = await createLogger(level, pipe)
    json.warn({ wizard: 'ezra' }, 'wizard is late')
    await new Promise((r) => setImmediate(r))
    const record = JSON.parse(pipe.text) as { level: number; msg: string; wizard: string }
    assert.deepEqual([record.level, record.msg, record.wizard], [40, 'wizard is late', 'ezra'])
  }
})
