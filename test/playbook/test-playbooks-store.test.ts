/**
 * `timmy test-playbooks` runs on paper: the stub usage of its fixtures (security-auditor's `finding`
 * case reports 5300 tokens) never reaches the operator's ledger or `$HERMES_HOME/token_usage.jsonl`.
 * Real CLI, every built-in plugin (the real budget plugin with a budget configured).
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { ROOT, runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test("test-playbooks leaves the operator's ledger and token_usage.jsonl untouched", async (t) => {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { budget: { budgets: [{ name: 'fleet', tokens: 1_000_000 }] } } }),
  )
  const r = await runCli(['test-playbooks', join(ROOT, 'playbooks'), '--json'], {
    cwd: box.cwd,
    env: box.env,
    timeoutMs: 120_000,
  })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  const { cases } = JSON.parse(r.stdout) as { cases: { playbook: string; case: string; ok: boolean }[] }
  assert.ok(cases.some((c) => c.playbook === 'security-auditor' && c.case === 'finding' && c.ok))
  assert.equal(existsSync(join(box.hermes, 'token_usage.jsonl')), false, 'no line in token_usage.jsonl')
  const store = join(box.home, 'timmy.db')
  if (existsSync(store)) {
    const db = new Database(store, { readonly: true })
    t.after(() => db.close())
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'budget_ledger'`).get()
    const rows = table ? (db.prepare('SELECT count(*) AS n FROM budget_ledger').get() as { n: number }).n : 0
    assert.equal(rows, 0, "the operator's ledger is empty")
  }
})
