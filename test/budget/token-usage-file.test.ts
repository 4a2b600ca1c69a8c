import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { TSX } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'
import { makeCore } from './fixtures/make-core.js'

const WORKER = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url))

test('token_usage.jsonl lines from 8 concurrent writers are all whole, one JSON object per line', async (t) => {
  const dir = tempDir(t)
  const hermes = join(dir, 'hermes')
  makeCore(dir, []).store.close() // tables first, so the writers do not race on migrations
  const perWriter = 40
  const runs = Array.from({ length: 8 }, (_, i) => {
    const child = spawn(
      process.execPath,
      ['--import', TSX, WORKER, join(dir, 'timmy.db'), hermes, `w${i}`, String(perWriter)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    t.after(() => child.kill('SIGKILL'))
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    return new Promise<void>((resolve, reject) =>
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`writer ${i} exited ${code}: ${stderr}`)),
      ),
    )
  })
  await Promise.all(runs)
  const text = readFileSync(join(hermes, 'token_usage.jsonl'), 'utf8')
  assert.ok(text.endsWith('\n'))
  const lines = text.slice(0, -1).split('\n')
  assert.equal(lines.length, 8 * perWriter)
  const seen = new Map<string, number>()
  for (const line of lines) {
    const o = JSON.parse(line) as {
      playbook: string
      input_tokens: number
      total_tokens: number
      source: string
    }
    assert.equal(o.source, 'dispatch')
    assert.equal(o.total_tokens, o.input_tokens + 1)
    const writer = o.playbook.split('-')[1]!
    seen.set(writer, (seen.get(writer) ?? 0) + 1)
  }
  assert.deepEqual([...seen.values()], Array(8).fill(perWriter))
})

test('each ledger record becomes one line with Hermes usage buckets', (t) => {
  const dir = tempDir(t)
  const { core } = makeCore(dir, [])
  core.record({
    source: 'openai',
    runId: 'r1',
    stepId: 's1',
    playbook: 'bug-fixer',
    model: 'gpt-5',
    input_tokens: 100,
    output_tokens: 20,
    cache_read_tokens: 300,
    cache_write_tokens: 4,
    reasoning_tokens: 7,
    cost: 0.0123,
    cost_status: 'actual',
  })
  const [line] = readFileSync(join(dir, 'hermes', 'token_usage.jsonl'), 'utf8')
    .trim()
    .split('\n')
  const o = JSON.parse(line!)
  assert.equal(o.total_tokens, 100 + 20 + 300 + 4)
  assert.equal(o.cost_usd, 0.0123)
  assert.equal(o.cost_status, 'actual')
  assert.equal(o.run_id, 'r1')
  assert.equal(o.reasoning_tokens, 7)
})

test('no token_usage.jsonl is written, and no HERMES_HOME created, when Hermes is not installed', (t) => {
  const dir = tempDir(t)
  const { core, store } = makeCore(dir, [])
  rmSync(join(dir, 'hermes'), { recursive: true })
  core.record({ source: 'dispatch', input_tokens: 1 })
  assert.equal(existsSync(join(dir, 'hermes')), false)
  assert.deepEqual(store.db.prepare('SELECT count(*) AS n FROM budget_ledger').get(), { n: 1 })
})
