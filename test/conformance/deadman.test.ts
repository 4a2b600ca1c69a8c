/**
 * One suite of deadman behaviours, run against both places its tables live: the host's SQLite store
 * and PostgreSQL (`store.url`; TIMMY_TEST_PG_URL, or a server started for this file; skipped with the
 * reason when there is none). Each test boots real hosts (postgres, hermes, deadman plugins) on a fresh
 * store: a new TIMMY_HOME, or a new PostgreSQL schema. "Two processes of one host" are two hosts booted
 * on one TIMMY_HOME (one host id, one SQLite file); "two hosts" have a TIMMY_HOME each.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import pg from 'pg'
import deadmanPlugin from '../../plugins/deadman/index.js'
import type { DeadmanService } from '../../plugins/deadman/types.js'
import hermesPlugin from '../../plugins/hermes/index.js'
import postgresPlugin from '../../plugins/postgres/index.js'
import { testHost } from '../helpers/host.js'
import { startPostgres } from '../helpers/postgres.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

type Ctx = { after(fn: () => unknown): void }

interface Kind {
  name: 'sqlite' | 'postgres'
  skip: string | false
  /** A fresh store: its `store` config (none for SQLite, whose file is in each TIMMY_HOME). */
  fresh(): Promise<Record<string, unknown>>
}

const kinds: Kind[] = [
  { name: 'sqlite', skip: false, fresh: async () => ({}) },
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

const T0 = Date.UTC(2026, 0, 5, 12)
const timings = { periodSeconds: 10, graceSeconds: 5, startGraceSeconds: 5 }

/** The deadman service of a real host on `box` (its TIMMY_HOME) and `store`. */
async function deadmanOn(
  t: Ctx,
  box: Sandbox,
  store: Record<string, unknown>,
  deadman: Record<string, unknown>,
): Promise<DeadmanService> {
  const stampDir = join(box.root, 'stamps')
  mkdirSync(stampDir, { recursive: true })
  const { host } = await testHost(t, {
    box,
    plugins: [postgresPlugin, hermesPlugin, deadmanPlugin],
    config: { store, pluginOptions: { deadman: { stampDir, ...timings, ...deadman } } },
  })
  return host.service('deadman')!
}

/** Two processes of one host: two hosts booted on one TIMMY_HOME, sharing the store. */
async function twoProcesses(t: Ctx, kind: Kind, deadman: Record<string, unknown>) {
  const store = await kind.fresh()
  const box = sandbox(t)
  return [await deadmanOn(t, box, store, deadman), await deadmanOn(t, box, store, deadman)] as const
}

const alerts = async (d: DeadmanService, wizard: string) =>
  (await d.actions(wizard)).filter((a) => a.kind === 'alert')

for (const kind of kinds) {
  describe(`deadman conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('a beat is recorded and seen by the other process', async (t) => {
      const [a, b] = await twoProcesses(t, kind, { wizards: { ezra: {} } })
      await a.beat('ezra', { at: T0, source: 'test' })
      const [ezra] = await b.status(T0 + 1000)
      assert.equal(ezra?.wizard, 'ezra')
      assert.equal(ezra?.state, 'up')
      assert.equal(ezra?.lastBeatAt, T0)
      assert.equal(ezra?.lastBeatSource, 'test')
      assert.deepEqual(
        (await b.tick(T0 + 1000)).transitions.map((x) => x.to),
        ['up'],
        'the first tick records the transition to up',
      )
    })

    test('a silent wizard goes down and raises exactly one alert when both processes tick at once', async (t) => {
      const [a, b] = await twoProcesses(t, kind, { maxRetries: 0, wizards: { ezra: {} } })
      await a.beat('ezra', { at: T0, source: 'test' })
      await Promise.all([a.tick(T0 + 1000), b.tick(T0 + 1000)])
      const reports = await Promise.all([a.tick(T0 + 60_000), b.tick(T0 + 60_000)])
      const downs = reports.flatMap((r) => r.transitions).filter((x) => x.to === 'down')
      assert.equal(downs.length, 1, 'one of the two ticks decided the wizard is down')
      assert.equal((await alerts(a, 'ezra')).length, 1, 'one alert between them')
      await Promise.all([a.tick(T0 + 70_000), b.tick(T0 + 70_000)])
      assert.equal((await alerts(b, 'ezra')).length, 1, 'still one alert on later ticks')
      const [ezra] = await a.status(T0 + 70_000)
      assert.equal(ezra?.state, 'down')
      assert.equal(ezra?.active, true, 'deadman_active: waiting for a human')
    })

    test('restarts are bounded by maxRetries in the window, however many processes tick', async (t) => {
      const [a, b] = await twoProcesses(t, kind, {
        maxRetries: 2,
        windowSeconds: 3600,
        backoff: { baseSeconds: 1, factor: 1, capSeconds: 1 },
        wizards: { ezra: { restart: ['true'] } },
      })
      await a.beat('ezra', { at: T0, source: 'test' })
      for (const s of [60, 70, 80, 90, 100]) await Promise.all([a.tick(T0 + s * 1000), b.tick(T0 + s * 1000)])
      const restarts = (await a.actions('ezra')).filter((x) => x.kind === 'restart')
      assert.equal(restarts.length, 2, 'two restarts (dry run: planned), then no more')
      assert.deepEqual(
        restarts.map((r) => r.at).sort(),
        [T0 + 60_000, T0 + 70_000],
        'each after the start grace of the previous one',
      )
      assert.equal((await alerts(a, 'ezra')).length, 1, 'retries exhausted: one alert')
      const [ezra] = await b.status(T0 + 100_000)
      assert.equal(ezra?.restartsInWindow, 2)
      assert.equal(ezra?.active, true)
      await b.reset('ezra', T0 + 101_000)
      assert.equal((await a.status(T0 + 101_000))[0]?.restartsInWindow, 0, 'a reset starts a new count')
    })

    test('a paused wizard is never restarted; resuming gives it its start grace', async (t) => {
      const [a, b] = await twoProcesses(t, kind, { wizards: { ezra: { restart: ['true'] } } })
      await a.beat('ezra', { at: T0, source: 'test' })
      assert.equal((await b.pause('ezra', T0 + 1000)).state, 'paused')
      const paused = await a.tick(T0 + 120_000)
      assert.deepEqual(paused.actions, [], 'no restart while paused')
      assert.equal((await a.status(T0 + 120_000))[0]?.state, 'paused')
      assert.equal((await b.resume('ezra', T0 + 121_000)).state, 'new')
      assert.deepEqual((await a.tick(T0 + 122_000)).actions, [], 'within the start grace: nothing to do')
      const late = await a.tick(T0 + 140_000)
      assert.equal(late.actions.filter((x) => x.kind === 'restart').length, 1, 'still silent: restarted')
    })

    test('two hosts with a wizard each: each one’s status shows both, and each decides only its own', {
      skip: kind.name === 'sqlite' ? 'one SQLite file is one TIMMY_HOME: one host' : false,
    }, async (t) => {
      const store = await kind.fresh()
      const a = await deadmanOn(t, sandbox(t), store, { maxRetries: 0, wizards: { ezra: {} } })
      const b = await deadmanOn(t, sandbox(t), store, { maxRetries: 0, wizards: { bezalel: {} } })
      await a.beat('ezra', { at: T0, source: 'test' })
      await b.beat('bezalel', { at: T0, source: 'test' })
      for (const d of [a, b]) {
        const all = await d.status(T0 + 1000)
        assert.deepEqual(all.map((w) => w.wizard).sort(), ['bezalel', 'ezra'], 'one view of every wizard')
        assert.equal(new Set(all.map((w) => w.host)).size, 2, 'each row names the host that runs it')
      }
      // Only ezra's host beats on; bezalel's host never ticks. Ezra's host does not act on bezalel.
      await a.beat('ezra', { at: T0 + 55_000, source: 'test' })
      const report = await a.tick(T0 + 60_000)
      assert.deepEqual(
        report.transitions.map((x) => x.wizard),
        ['ezra'],
      )
      assert.deepEqual(await alerts(a, 'bezalel'), [], 'no alert about a wizard of another host')
      const bez = (await a.status(T0 + 60_000)).find((w) => w.wizard === 'bezalel')
      assert.equal(bez?.state, 'new', 'as its own host last decided')
      assert.equal(
        (await a.transitions('bezalel')).length,
        0,
        "another host's wizard is known to transitions()",
      )
      await b.tick(T0 + 60_000)
      assert.equal((await alerts(b, 'bezalel')).length, 1, 'its own host raises the alert')
      assert.equal((await a.status(T0 + 61_000)).find((w) => w.wizard === 'bezalel')?.state, 'down')
    })
  })
}
