import assert from 'node:assert/strict'
import { test } from 'node:test'
import { pickRollback } from '../../plugins/deadman/pick-rollback.js'
import type { DeployGenerations, GenerationInfo } from '../../plugins/deadman/types.js'
import { harness } from './harness.js'

/** The deploy service as deadman sees it: generations and rollback, plus deploys a human makes. */
class FakeDeploy implements DeployGenerations {
  gens: GenerationInfo[]
  rollbacks: { from: number; to: number }[] = []
  violations: string[] = []
  constructor(count: number) {
    this.gens = Array.from({ length: count }, (_, i) => ({
      id: i + 1,
      live: i === count - 1,
      knownGood: true,
    }))
  }
  live(): number {
    return this.gens.find((g) => g.live)!.id
  }
  generations() {
    return this.gens.map((g) => ({ ...g }))
  }
  async rollback(to: number) {
    const from = this.live()
    if (this.rollbacks.some((r) => r.from === to))
      this.violations.push(`rolled back to ${to}, which was rolled away from`)
    for (const g of this.gens) g.live = g.id === to
    this.rollbacks.push({ from, to })
  }
  deploy(knownGood: boolean) {
    const id = Math.max(...this.gens.map((g) => g.id)) + 1
    for (const g of this.gens) g.live = false
    this.gens.push({ id, live: true, knownGood })
  }
}

/** A small deterministic PRNG (mulberry32), so the scenario is the same on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

test('the rollback target is the newest known-good generation that is not live and was never rolled away from', () => {
  const gens = [
    { id: 1, live: false, knownGood: true },
    { id: 2, live: false, knownGood: true },
    { id: 3, live: false, knownGood: false },
    { id: 4, live: true, knownGood: true },
  ]
  assert.deepEqual(pickRollback(gens, new Set()), { from: 4, to: 2 })
  assert.deepEqual(pickRollback(gens, new Set([2])), { from: 4, to: 1 })
  assert.equal(pickRollback(gens, new Set([1, 2])), undefined)
  assert.equal(
    pickRollback(
      gens.map((g) => ({ ...g, live: false })),
      new Set(),
    ),
    undefined,
  )
})

test('over 50 flapping incidents, rollback happens at most once per incident and the config never cycles', async (t) => {
  const deploy = new FakeDeploy(6)
  const h = await harness(
    t,
    {
      dryRun: false,
      periodSeconds: 10,
      graceSeconds: 5,
      startGraceSeconds: 5,
      maxRetries: 1000,
      windowSeconds: 120,
      healthyResetSeconds: 60,
      backoff: { baseSeconds: 5, factor: 2, capSeconds: 20 },
      rollback: { enabled: true, afterRestarts: 1 },
      wizards: { ezra: { restart: ['true'] } },
    },
    { deploy },
  )
  const random = prng(42)
  const t0 = h.clock.now
  let s = 0
  const advance = async (seconds: number, beating: boolean) => {
    for (const end = s + seconds; s < end; s++) {
      h.clock.now = t0 + s * 1000
      if (beating && s % 5 === 0) await h.dm.beat('ezra', { source: 'test' })
      await h.dm.tick()
    }
  }
  await advance(30, true)
  for (let incident = 0; incident < 50; incident++) {
    if (random() < 0.3) deploy.deploy(random() < 0.7)
    await advance(40, false) // silent: down, restarted, still silent: restarted again (rollback)
    await advance(20, true) // it flaps back up briefly…
    await advance(40, false) // …and down again in the same incident: restarted, no second rollback
    await advance(70, true) // healthy long enough to close the incident
  }

  const incidents = h.store.db.prepare('SELECT id FROM deadman_incidents').all() as { id: number }[]
  assert.equal(incidents.length, 50)
  const actions = await h.dm.actions('ezra', 100_000)
  const rollbacks = actions.filter((a) => a.kind === 'rollback')
  const perIncident = new Map<number, number>()
  for (const a of rollbacks) perIncident.set(a.incident!, (perIncident.get(a.incident!) ?? 0) + 1)
  assert.equal(perIncident.size, 50, 'every incident reached the rollback step')
  assert.ok(
    [...perIncident.values()].every((n) => n === 1),
    'at most one rollback attempt per incident',
  )
  const restarts = actions.filter((a) => a.kind === 'restart')
  assert.ok(restarts.length >= 150, `each incident restarted at least three times (${restarts.length})`)
  assert.ok(deploy.rollbacks.length >= 5, `the scenario rolled back (${deploy.rollbacks.length} times)`)
  assert.deepEqual(deploy.violations, [])
  // No cycling: no generation rolled away from ever became live again through a rollback.
  const left = new Set<number>()
  for (const r of deploy.rollbacks) {
    assert.ok(!left.has(r.to), `generation ${r.to} came back after being rolled away from`)
    left.add(r.from)
  }
  // Once no known-good generation is left, deadman says so instead of picking a bad one.
  const failed = rollbacks.filter((a) => a.outcome === 'failed')
  for (const a of failed) assert.match(String(a.detail.reason), /no known-good generation/)
  assert.equal(rollbacks.filter((a) => a.outcome === 'ok').length, deploy.rollbacks.length)
})

test('a dry run plans the rollback and leaves the deploy untouched', async (t) => {
  const deploy = new FakeDeploy(3)
  const h = await harness(
    t,
    {
      dryRun: true,
      periodSeconds: 10,
      graceSeconds: 5,
      startGraceSeconds: 5,
      rollback: { enabled: true, afterRestarts: 1 },
      wizards: { ezra: { restart: ['true'] } },
    },
    { deploy },
  )
  const t0 = h.clock.now
  await h.dm.beat('ezra', { source: 'test' })
  for (let s = 0; s <= 40; s++) {
    h.clock.now = t0 + s * 1000
    await h.dm.tick()
  }
  const planned = (await h.dm.actions('ezra')).filter((a) => a.kind === 'rollback')
  assert.equal(planned.length, 1)
  assert.equal(planned[0]!.outcome, 'planned')
  assert.deepEqual([planned[0]!.detail.from, planned[0]!.detail.to], [3, 2])
  assert.equal(deploy.rollbacks.length, 0)
  assert.equal(deploy.live(), 3)
})
