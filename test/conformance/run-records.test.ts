/**
 * Playbook run records (`playbook_runs`, `playbook_steps`) on both stores: a run one host writes is
 * read, whole, by another host sharing the store; the newest `keepRuns` are kept.
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import type { RunReport } from '../../core/hooks.js'
import { openReportStore } from '../../plugins/playbooks/report-store.js'
import { startPostgres } from '../helpers/postgres.js'
import { storeKinds } from './store-kinds.js'

const server = await startPostgres()
after(() => ('stop' in server ? server.stop() : undefined))

function report(runId: string, startedAt: string): RunReport {
  return {
    runId,
    playbook: 'triage-bugs',
    lane: 'coder',
    dryRun: false,
    outcome: 'ok',
    startedAt,
    finishedAt: startedAt,
    tokens: { input: 120, output: 30 },
    steps: [
      {
        runId,
        stepId: 'ask',
        playbook: 'triage-bugs',
        use: 'hermes/ask',
        input: { prompt: 'label it' },
        dryRun: false,
        outcome: 'ok',
        output: { label: 'bug' },
        usage: { input_tokens: 120, output_tokens: 30 },
        durationMs: 12.5,
      },
    ],
  }
}

for (const kind of storeKinds(server)) {
  describe(`run records conformance: ${kind.name}`, { skip: kind.skip }, () => {
    test('a run written by one host is read by another, report and summary', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [await openReportStore(await boot()), await openReportStore(await boot())]
      const run = report('run-1', '2025-03-01T10:00:00.000Z')
      await a.save(run)
      assert.deepEqual(await b.get('run-1'), run)
      assert.deepEqual(await b.recent(), [
        {
          id: 'run-1',
          playbook: 'triage-bugs',
          lane: 'coder',
          outcome: 'ok',
          dryRun: false,
          startedAt: '2025-03-01T10:00:00.000Z',
          tokens: 150,
        },
      ])
      assert.equal(await b.get('run-2'), undefined)
    })

    test('saving a run again replaces it; only the newest keepRuns runs are kept', async (t) => {
      const boot = await kind.fresh(t)
      const [a, b] = [await openReportStore(await boot(), 2), await openReportStore(await boot(), 2)]
      await a.save(report('r1', '2025-03-01T10:00:00.000Z'))
      await b.save(report('r2', '2025-03-01T11:00:00.000Z'))
      await a.save({ ...report('r2', '2025-03-01T11:00:00.000Z'), outcome: 'failed' })
      await b.save(report('r3', '2025-03-01T12:00:00.000Z'))
      const recent = await a.recent()
      assert.deepEqual(
        recent.map((r) => `${r.id}:${r.outcome}`),
        ['r3:ok', 'r2:failed'],
      )
      assert.equal(await b.get('r1'), undefined, 'the oldest run is pruned')
    })
  })
}
