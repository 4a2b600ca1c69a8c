import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { loadConsent } from '../../training/consent.js'
import { createPipelinedCurator } from '../../training/curate-threaded.js'
import { ingest } from '../../training/ingest.js'
import { tempDir } from '../helpers/temp.js'
import { EXPECTED, writeFixture } from './helpers/hermes-fixture.js'

/** The hermes plugin's state.db reader (what plugins/provenance passes to ingest). */
const stateDbReader = createHermesService().stateDb

for (const threads of [true, false]) {
  test(`curating while ingesting ${threads ? 'on a worker thread' : 'on this thread'} gives the same pairs and counts`, async (t) => {
    const root = tempDir(t)
    const fx = writeFixture(root)
    // tiny batches and a short queue make the main thread wait for the worker
    const curator = createPipelinedCurator(
      { out: join(root, 'curated.jsonl'), redactPii: true },
      { threads, batch: 7, maxInFlight: 2 },
    )
    const stats = ingest({
      stateDb: fx.stateDb,
      stateDbReader,
      snapshotsDir: fx.snapshotsDir,
      exports: [fx.exportFile],
      trajectories: [fx.trajectoriesFile],
      consent: loadConsent(fx.consentFile),
      out: join(root, 'raw.jsonl'),
      onPair: (pair, line) => curator.add(pair, line),
    })
    const c = await curator.finish()
    assert.equal(stats.pairs, EXPECTED.pairs)
    assert.equal(c.in, EXPECTED.pairs)
    assert.equal(c.out, EXPECTED.kept)
    assert.deepEqual(
      Object.fromEntries(Object.entries(c.dropped).sort()),
      Object.fromEntries(Object.entries(EXPECTED.curateDropped).sort()),
    )
    assert.deepEqual(c.redacted, EXPECTED.redacted)
    const lines = readFileSync(join(root, 'curated.jsonl'), 'utf8').split('\n').filter(Boolean)
    assert.equal(lines.length, EXPECTED.kept)
    const redacted = lines.map((l) => JSON.parse(l)).filter((p) => p.redactions)
    assert.equal(redacted.length, EXPECTED.pairsRedacted)
  })
}
