/**
 * `timmy train curate`: read raw pairs, keep those that may be trained on, write `curated.jsonl`.
 * In order, a pair is dropped when it is malformed or poisoned (see check-pair.ts), has no session
 * (no session, no data), lacks consent for training at the time of its session, or has a licence
 * outside the allow-list; the rest have secrets (and PII when `redactPii`) redacted, then exact
 * duplicates (hash of the token sequence) and near duplicates (MinHash/LSH) are dropped.
 * `createCurator` judges pairs one by one, so `timmy train all` curates while it ingests.
 * Streaming: memory is one line plus the dedup sets (bounded per kept pair, see minhash.ts).
 */
import { existsSync } from 'node:fs'
import { checkMessages, DEFAULT_LIMITS, type SizeLimits } from './check-pair.js'
import { E } from './errors.js'
import { dedupText } from './hash.js'
import { JsonlWriter, readLines } from './jsonl.js'
import { LshIndex, MinHasher, type MinHashParams } from './minhash.js'
import { type Progress, quietProgress } from './progress.js'
import { createRedactor, type Redactor } from './redact.js'
import type { ChatMessage, RawPair } from './types.js'

export const DEFAULT_ALLOWED_LICENSES = ['CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0', 'MIT', 'Apache-2.0']

export interface CurateOptions {
  in: string
  out: string
  allowLicenses?: readonly string[]
  /** Consent levels that allow training (default `train`). */
  trainLevels?: readonly string[]
  redactPii?: boolean
  minhash?: Partial<MinHashParams>
  limits?: SizeLimits
  progress?: Progress
  /** Lines in the input, for the progress bar. */
  total?: number
}

export interface CurateStats {
  in: number
  out: number
  dropped: Record<string, number>
  /** Redactions by kind, and how many kept pairs had any. */
  redacted: Record<string, number>
  pairsRedacted: number
  licenses: Record<string, number>
  consent: Record<string, number>
  dedup: { exact: string; near: string; params: MinHashParams }
  redactPii: boolean
  out_file: string
}

export interface Curator {
  /**
   * Judge one pair (parsed JSON): write it to the output or count why it was dropped. `line` is its
   * JSON text when the caller has it; a pair that curate leaves unchanged is written from it.
   */
  add(pair: unknown, line?: string): void
  /** Count a line that could not be read as a pair. */
  drop(reason: string): void
  /** Publish the output file and return the counts. */
  finish(): CurateStats
  abort(): void
}

export function createCurator(options: Omit<CurateOptions, 'in' | 'progress' | 'total'>): Curator {
  const allow = new Set(options.allowLicenses ?? DEFAULT_ALLOWED_LICENSES)
  const levels = new Set(options.trainLevels ?? ['train'])
  const limits = options.limits ?? DEFAULT_LIMITS
  const redactor = createRedactor({ pii: options.redactPii ?? false })
  const hasher = new MinHasher(options.minhash)
  const lsh = new LshIndex(hasher.params)
  const sig = new Uint32Array(hasher.params.numPerm)
  const exact = new Set<string>()
  const p = hasher.params
  const stats: CurateStats = {
    in: 0,
    out: 0,
    dropped: {},
    redacted: {},
    pairsRedacted: 0,
    licenses: {},
    consent: {},
    dedup: {
      exact:
        'hash of the token sequence (letters and digits, lower-cased; whitespace and punctuation ignored; system turns left out)',
      near: `one-permutation MinHash with densification over word ${p.ngram}-grams, ${p.numPerm} bins, LSH ${p.bands} bands × ${p.rows} rows, estimated Jaccard ≥ ${p.threshold}`,
      params: p,
    },
    redactPii: options.redactPii ?? false,
    out_file: options.out,
  }
  const drop = (reason: string) => {
    stats.dropped[reason] = (stats.dropped[reason] ?? 0) + 1
  }
  const writer = new JsonlWriter(options.out)
  return {
    drop(reason) {
      stats.in++
      drop(reason)
    },
    add(value, line) {
      stats.in++
      const pair = value as RawPair
      const state: { changed?: boolean } = {}
      const reason = checkPair(pair, limits, levels, allow, state)
      if (reason) return drop(reason)
      const counts: Record<string, number> = {}
      redactPair(pair, redactor, counts)
      const key = hasher.digest(dedupText(pair.messages), sig)
      if (exact.has(key)) return drop('duplicate_exact')
      exact.add(key)
      if (lsh.add(sig) >= 0) return drop('duplicate_near')
      let any = false
      for (const [k, n] of Object.entries(counts)) {
        stats.redacted[k] = (stats.redacted[k] ?? 0) + n
        any = true
      }
      if (any) {
        stats.pairsRedacted++
        ;(pair as RawPair & { redactions?: Record<string, number> }).redactions = counts
      }
      stats.licenses[pair.license] = (stats.licenses[pair.license] ?? 0) + 1
      stats.consent[pair.consent_level!] = (stats.consent[pair.consent_level!] ?? 0) + 1
      if (line !== undefined && !any && !state.changed) writer.writeLine(line)
      else writer.write(pair)
      stats.out++
    },
    finish() {
      writer.close()
      return stats
    },
    abort() {
      writer.abort()
    },
  }
}

export function curate(options: CurateOptions): CurateStats {
  if (!existsSync(options.in)) throw E.TRAIN_INPUT_MISSING({ file: options.in, step: 'ingest' })
  const progress = options.progress ?? quietProgress
  const curator = createCurator(options)
  try {
    progress.start('curate', options.total)
    for (const { text, tooLong } of readLines(options.in)) {
      if (!text && !tooLong) continue
      progress.tick()
      if (tooLong) {
        curator.drop('too_large')
        continue
      }
      let pair: unknown
      try {
        pair = JSON.parse(text)
      } catch {
        curator.drop('bad_json')
        continue
      }
      curator.add(pair)
    }
    return curator.finish()
  } catch (err) {
    curator.abort()
    throw err
  } finally {
    progress.done()
  }
}

/** The first reason to drop a pair before redaction and dedup, or undefined to keep it. */
export function checkPair(
  pair: RawPair,
  limits: SizeLimits,
  levels: ReadonlySet<string>,
  allow: ReadonlySet<string>,
  state: { changed?: boolean } = {},
): string | undefined {
  if (!pair || typeof pair !== 'object' || Array.isArray(pair)) return 'bad_types'
  if (pair.session_id !== null && typeof pair.session_id !== 'string') return 'bad_types'
  if (
    typeof pair.license !== 'string' ||
    (pair.consent_level !== null && typeof pair.consent_level !== 'string')
  )
    return 'bad_types'
  const bad = checkMessages(pair.messages, limits, state)
  if (bad) return bad
  if (!pair.session_id) return 'no_session'
  if (pair.consent_level === null)
    return pair.consent_note === 'given_after_session' ? 'consent_after_session' : 'consent_missing'
  if (pair.consent_level === 'withdrawn') return 'consent_withdrawn'
  if (!levels.has(pair.consent_level)) return 'consent_not_for_training'
  if (!allow.has(pair.license)) return 'license_not_allowed'
  return undefined
}

function redactPair(pair: RawPair, r: Redactor, counts: Record<string, number>): void {
  for (const m of pair.messages as ChatMessage[]) {
    if (typeof m.content === 'string') m.content = r.text(m.content, counts)
    else if (Array.isArray(m.content)) {
      for (const part of m.content as { text?: unknown }[])
        if (typeof part.text === 'string') part.text = r.text(part.text, counts)
    }
    if (Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls as { function: { arguments: unknown } }[]) {
        if (typeof c.function.arguments === 'string')
          c.function.arguments = r.text(c.function.arguments, counts)
      }
    }
  }
  for (const step of pair.tool_call_trajectory ?? []) step.arguments = r.text(step.arguments, {})
}
