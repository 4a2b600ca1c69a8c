import { mkdtempSync } from 'node:fs'
import { createRegistry } from '../training/consent.js'
import { createCurator } from '../training/curate.js'
import { ingest } from '../training/ingest.js'

const file = '/tmp/timmy-bench-train/state-8000-full-v1.db'
const consent = createRegistry([
  { scope: 'source', id: 'cli', level: 'train', at: '2026-01-01T00:00:00Z' },
  { scope: 'source', id: 'cron', level: 'train', at: '2026-01-01T00:00:00Z' },
])
const out = mkdtempSync('/tmp/p-')
const t = performance.now()
const curator = createCurator({ out: out + '/curated.jsonl', redactPii: true })
ingest({ stateDb: file, consent, out: out + '/raw.jsonl', onPair: (p, line) => curator.add(p, line) })
curator.finish()
console.log('all', performance.now() - t)
