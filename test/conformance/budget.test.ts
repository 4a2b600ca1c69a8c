/**
 * One suite of budget behaviours, run against both places the ledger can live: the host's SQLite
 * store (three hosts on one SQLite file) and the fleet's PostgreSQL (`store.url`; three hosts, each its
 * own TIMMY_HOME, on one server; skipped with the reason when there is none). Each test boots real
 * hosts with the real budget and postgres plugins on a fresh store (a new SQLite file, or a new schema).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import { openStore } from '../../core/store/store.js'
import budgetPlugin from '../../plugins/budget/index.js'
import type { BudgetService } from '../../plugins/budget/types.js'
import postgresPlugin from '../../plugins/postgres/index.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'
import { sandbox, tempDir } from '../helpers/temp.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

type Ctx = { after(fn: () => unknown): void }

interface Kind {
  name: 'sqlite' | 'postgres'
  skip: string | false
  /** The `store` config of hosts sharing one fresh store. */
  fresh(t: Ctx): Promise<Record<string, unknown>>
}

const kinds: Kind[] = [
  {
    name: 'sqlite',
    skip: false,
    fresh: async (t) => ({ path: join(tempDir(t, 'timmy-budget-conf-'), 'fleet.db') }),
  },
  {
    name: 'postgres',
    skip: 'skip' in server ? server.skip : false,
    async fresh() {
      if ('skip' in server) throw new Error(server.skip)
      const schema = `s_${randomBytes(5).toString('hex')}`
      const admin = new pg.Client({ connectionString: server.url })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      await admin.end()
      const url = new URL(server.url)
      url.searchParams.set('options', `-c search_path=${schema}`)
      return { url: url.toString() }
    },
  },
]

const BUDGETS = [
  { name: 'fleet', window: 'daily', tokens: 20_000 },
  { name: 'fixer', scope: 'pipeline', match: 'bug-fixer', window: 'daily', tokens: 5_000, soft: 0.8 },
]

/** `count` real hosts (each its own TIMMY_HOME) with the budget plugin on the same store. */
async function bootFleet(t: Ctx, store: Record<string, unknown>, count = 1) {
  const hosts: { budget: BudgetService; home: string }[] = []
  for (let i = 0; i < count; i++) {
    const box = sandbox(t)
    const { host } = await testHost(t, {
      box,
      plugins: [postgresPlugin, budgetPlugin],
      config: {
        store,
        pluginOptions: { budget: { budgets: BUDGETS, importHermes: false, tokenUsageFile: false } },
      },
    })
    hosts.push({ budget: host.service('budget')!, home: box.home })
  }
  return hosts
}

const statusOf = async (budget: BudgetService, name: string) =>
  (await budget.status()).find((s) => s.name === name)!

for (const kind of kinds) {
  describe(`budget conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('usage is recorded once per key and summed per window and per pipeline', async (t) => {
      const [a, b] = await bootFleet(t, await kind.fresh(t), 2)
      const rec = {
        source: 'step',
        playbook: 'bug-fixer',
        model: 'anthropic/claude',
        input_tokens: 700,
        output_tokens: 300,
      }
      assert.ok(await a!.budget.record({ ...rec, key: 'k1', cost: 0.25 }))
      assert.ok(await b!.budget.record({ ...rec, key: 'k2', playbook: 'triage' }))
      assert.equal(await b!.budget.record({ ...rec, key: 'k1' }), undefined, 'the same key counts once')
      assert.ok(
        await a!.budget.record({ ...rec, key: 'k3', model: 'ollama/llama' }),
        'exempt: kept, not counted',
      )
      for (const h of [a!, b!]) {
        const fleet = await statusOf(h.budget, 'fleet')
        assert.equal(fleet.spentTokens, 2000)
        assert.equal(fleet.spentCost, 0.25)
        assert.equal((await statusOf(h.budget, 'fixer')).spentTokens, 1000)
      }
      const report = await a!.budget.report({ by: 'pipeline' })
      assert.deepEqual(
        report.map((r) => [r.key, r.records, r.total_tokens, r.cost_usd]),
        [
          ['bug-fixer', 2, 2000, 0.25],
          ['triage', 1, 1000, 0],
        ],
      )
    })

    test('a reservation that would pass the cap is refused, naming the budget; check holds nothing', async (t) => {
      const [a, b] = await bootFleet(t, await kind.fresh(t), 2)
      const held = await a!.budget.reserve({ id: 'r1', tokens: 4000, playbook: 'bug-fixer' })
      assert.deepEqual(held, { ok: true, id: 'r1', budgets: ['fleet', 'fixer'] })
      assert.deepEqual(await a!.budget.reserve({ id: 'r1', tokens: 4000, playbook: 'bug-fixer' }), {
        ...held,
        existing: true,
      })
      const dry = await b!.budget.check({ tokens: 1000, playbook: 'bug-fixer' })
      assert.equal(dry.ok, true)
      const refused = await b!.budget.reserve({ id: 'r2', tokens: 1500, playbook: 'bug-fixer' })
      assert.equal(refused.ok, false)
      if (refused.ok) return
      assert.equal(refused.budget, 'fixer')
      assert.deepEqual(
        [refused.spent, refused.reserved, refused.requested, refused.cap],
        [0, 4000, 1500, 5000],
      )
      assert.match(refused.reason, /budget "fixer" .* would be exceeded/)
      assert.equal(
        (await statusOf(b!.budget, 'fixer')).reservedTokens,
        4000,
        'check and the refusal held nothing',
      )
      assert.ok(
        (await b!.budget.reserve({ id: 'r3', tokens: 9000, playbook: 'triage' })).ok,
        'other pipelines still fit',
      )
    })

    test('settle records the actual usage and releases the rest; release frees a hold', async (t) => {
      const [a, b] = await bootFleet(t, await kind.fresh(t), 2)
      assert.ok((await a!.budget.reserve({ id: 'step:1', tokens: 4000, playbook: 'bug-fixer' })).ok)
      assert.ok((await a!.budget.reserve({ id: 'run:2', tokens: 3000, playbook: 'triage' })).ok)
      const r = await b!.budget.settle('step:1', {
        source: 'step',
        playbook: 'bug-fixer',
        input_tokens: 1200,
        key: 'step:1',
      })
      assert.ok(r)
      assert.deepEqual(r.touched, ['fleet', 'fixer'])
      await b!.budget.settle(
        'run:2',
        { source: 'step', playbook: 'triage', input_tokens: 1000, key: 'run:2:a' },
        true,
      )
      let fleet = await statusOf(a!.budget, 'fleet')
      assert.deepEqual(
        [fleet.spentTokens, fleet.reservedTokens],
        [2200, 2000],
        'a kept reservation is drawn down',
      )
      assert.deepEqual(
        [
          (await statusOf(a!.budget, 'fixer')).spentTokens,
          (await statusOf(a!.budget, 'fixer')).reservedTokens,
        ],
        [1200, 0],
      )
      await a!.budget.release('run:2')
      fleet = await statusOf(b!.budget, 'fleet')
      assert.deepEqual([fleet.spentTokens, fleet.reservedTokens], [2200, 0])
    })

    test('an exhausted budget holds its pipeline on every host until reset; reset is audited and frees it', async (t) => {
      const [a, b] = await bootFleet(t, await kind.fresh(t), 2)
      await a!.budget.record({ source: 'step', playbook: 'bug-fixer', input_tokens: 5000, key: 'big' })
      const holds = await b!.budget.paused({ playbook: 'bug-fixer' })
      assert.deepEqual(
        holds.map((h) => [h.budget, h.key]),
        [['fixer', 'budget:fixer']],
      )
      assert.equal((await b!.budget.reserve({ tokens: 1, playbook: 'bug-fixer' })).ok, false)
      assert.deepEqual(await b!.budget.paused({ playbook: 'triage' }), [])
      const events = await b!.budget.reset('fixer', { actor: 'test', reason: 'new sprint' })
      assert.deepEqual(
        events.map((e) => e.state),
        ['reset', 'resumed'],
      )
      assert.equal(events[0]!.spentTokens, 5000)
      assert.deepEqual(await a!.budget.paused({ playbook: 'bug-fixer' }), [])
      assert.equal((await statusOf(a!.budget, 'fixer')).spentTokens, 0)
      assert.equal((await statusOf(a!.budget, 'fleet')).spentTokens, 5000, 'only the named budget is reset')
      await assert.rejects(a!.budget.reset('fixr', { actor: 'test' }), { code: 'TIMMY_ERR_BUDGET_UNKNOWN' })
    })

    test('50 concurrent reservations from three hosts against a cap of 20 grant exactly 20', async (t) => {
      const store = await kind.fresh(t)
      const hosts = await bootFleet(t, store, 3)
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          hosts[i % 3]!.budget.reserve({
            id: `race-${i}`,
            tokens: 1000,
            playbook: 'race',
            runId: `race-${i}`,
          }),
        ),
      )
      assert.equal(decisions.filter((d) => d.ok).length, 20)
      assert.equal(decisions.filter((d) => !d.ok).length, 30)
      for (const h of hosts) {
        const fleet = await statusOf(h.budget, 'fleet')
        assert.deepEqual([fleet.spentTokens, fleet.reservedTokens, fleet.state], [0, 20_000, 'exhausted'])
      }
      if (kind.name !== 'postgres') return
      for (const h of hosts) {
        const file = join(h.home, 'timmy.db')
        if (!existsSync(file)) continue
        const sqlite = await openStore(file)
        const has = sqlite.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'budget_ledger'`).get()
        sqlite.close()
        assert.equal(has, undefined, 'the ledger is not in the host SQLite store')
      }
    })
  })
}
