/** The dataset card: Hugging Face-style YAML front matter plus a short body, with per-pair counts. */
import { stringify } from 'yaml'
import type { CurateStats } from './curate.js'

export interface CardFacts {
  format: string
  file: string
  pairs: number
  licenses: Record<string, number>
  consent: Record<string, number>
  sources: Record<string, number>
  languages: string[]
  curate?: Pick<CurateStats, 'dedup' | 'dropped' | 'redacted' | 'redactPii' | 'in'>
  createdAt: string
}

export function sizeCategory(n: number): string {
  if (n < 1000) return 'n<1K'
  if (n < 10_000) return '1K<n<10K'
  if (n < 100_000) return '10K<n<100K'
  if (n < 1_000_000) return '100K<n<1M'
  return '1M<n<10M'
}

export function renderCard(f: CardFacts): string {
  const licenses = Object.keys(f.licenses).sort()
  const hfLicense = (l: string) => l.toLowerCase()
  const front: Record<string, unknown> = {
    pretty_name: 'timmy training pairs from Hermes sessions',
    license:
      licenses.length === 1 ? hfLicense(licenses[0]!) : licenses.length ? licenses.map(hfLicense) : 'other',
    language: f.languages,
    size_categories: [sizeCategory(f.pairs)],
    source_datasets: ['original'],
    task_categories: ['text-generation'],
    tags: ['hermes', 'timmy', 'conversational', 'tool-use', f.format],
    configs: [{ config_name: 'default', data_files: [{ split: 'train', path: f.file }] }],
    timmy: {
      format: f.format,
      pairs: f.pairs,
      created_at: f.createdAt,
      sources: f.sources,
      licenses_per_pair: f.licenses,
      consent_per_pair: f.consent,
      ...(f.curate
        ? {
            dedup: {
              exact: f.curate.dedup.exact,
              near: {
                method: 'minhash-lsh',
                threshold: f.curate.dedup.params.threshold,
                num_perm: f.curate.dedup.params.numPerm,
                bands: f.curate.dedup.params.bands,
                rows: f.curate.dedup.params.rows,
                ngram: f.curate.dedup.params.ngram,
                max_shingles: f.curate.dedup.params.maxShingles,
                seed: f.curate.dedup.params.seed,
              },
            },
            curated_from: f.curate.in,
            dropped: f.curate.dropped,
            redaction: { pii: f.curate.redactPii, secrets: true, counts: f.curate.redacted },
          }
        : {}),
    },
  }
  const table = (title: string, counts: Record<string, number>) =>
    [
      `| ${title} | pairs |`,
      '| --- | ---: |',
      ...Object.entries(counts).map(([k, n]) => `| ${k} | ${n} |`),
    ].join('\n')
  return `---
${stringify(front).trimEnd()}
---

# timmy training pairs

Conversations of Hermes agents (sessions from \`state.db\`, \`hermes sessions export\`, session
snapshots and trajectories), turned into ${f.pairs} training examples in axolotl's \`${f.format}\`
format by \`timmy train\`. Every example keeps its provenance in \`curated.jsonl\` (session id, source
file and row, model, consent and licence, content hash, and the timmy run and step that produced it).

## Licence and consent, per pair

${table('licence', f.licenses)}

${table('consent level', f.consent)}

Only pairs whose consent allowed training at the time of the session, and whose licence is on the
allow-list, are included. Languages are as declared in the configuration, not detected.

## De-duplication

${
  f.curate
    ? `- Exact: ${f.curate.dedup.exact}.\n- Near: ${f.curate.dedup.near}.`
    : '- Not recorded (no curate statistics were found beside the input).'
}

## Personal and sensitive information

Secrets (API-key shapes, bearer tokens, JWTs, private keys) are always redacted.
${f.curate?.redactPii ? 'Emails and phone numbers are redacted (`privacy.redact_pii` on).' : 'Emails and phone numbers were **not** redacted (`privacy.redact_pii` off).'}
`
}
