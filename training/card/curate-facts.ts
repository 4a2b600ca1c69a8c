import type { CardFacts } from '../dataset-card.js'

/** The card's `timmy` facts from the curate statistics: de-duplication parameters, drops, redaction. */
export function curateFacts(c: NonNullable<CardFacts['curate']>): Record<string, unknown> {
  return {
    dedup: {
      exact: c.dedup.exact,
      near: {
        method: 'minhash-lsh',
        threshold: c.dedup.params.threshold,
        num_perm: c.dedup.params.numPerm,
        bands: c.dedup.params.bands,
        rows: c.dedup.params.rows,
        ngram: c.dedup.params.ngram,
        max_shingles: c.dedup.params.maxShingles,
        seed: c.dedup.params.seed,
      },
    },
    curated_from: c.in,
    dropped: c.dropped,
    redaction: { pii: c.redactPii, secrets: true, counts: c.redacted },
  }
}
