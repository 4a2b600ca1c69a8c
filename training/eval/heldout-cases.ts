/**
 * Held-out pairs as eval cases: the pairs of a `raw.jsonl`/`curated.jsonl` whose consent allows
 * evaluation (level `eval`: never trained on, so held out by construction). The conversation up to
 * the last assistant turn is the prompt, that turn's text the reference; secrets are redacted from
 * both before anything leaves the machine. Case id `pair:<content hash>`, category `held-out`,
 * scored by similarity to the reference.
 */
import { existsSync } from 'node:fs'
import { contentText } from '../decode-content.js'
import { E } from '../errors.js'
import { readLines } from '../jsonl.js'
import { createRedactor } from '../redact.js'
import type { RawPair } from '../types.js'
import type { EvalCase, EvalMessage } from './suite-schema.js'

/** Consent levels that allow a pair to be used for evaluation. */
export const EVAL_LEVELS: readonly string[] = ['eval']
export const HELD_OUT = 'held-out'

export interface HeldOut {
  cases: EvalCase[]
  /** Lines read, pairs used, and why the others were left out. */
  read: number
  skipped: Record<string, number>
}

export function heldOutCases(
  file: string,
  options: { minSimilarity?: number; system?: string } = {},
): HeldOut {
  if (!existsSync(file)) throw E.EVAL_PAIRS_MISSING({ file })
  const redactor = createRedactor({ pii: true })
  const counts: Record<string, number> = {}
  const out: HeldOut = { cases: [], read: 0, skipped: {} }
  const skip = (why: string) => {
    out.skipped[why] = (out.skipped[why] ?? 0) + 1
  }
  const seen = new Set<string>()
  for (const { text, tooLong } of readLines(file)) {
    if (!text.trim() && !tooLong) continue
    out.read++
    if (tooLong) {
      skip('too_long')
      continue
    }
    let pair: RawPair
    try {
      pair = JSON.parse(text) as RawPair
    } catch {
      skip('bad_json')
      continue
    }
    if (!pair || typeof pair !== 'object' || !Array.isArray(pair.messages)) {
      skip('not_a_pair')
      continue
    }
    if (!EVAL_LEVELS.includes(String(pair.consent_level))) {
      skip('consent_not_for_eval')
      continue
    }
    const last = pair.messages.findLastIndex((m) => m?.role === 'assistant' && contentText(m.content).trim())
    if (last < 1) {
      skip('no_reference')
      continue
    }
    const id = `pair:${
      String(pair.content_hash ?? '')
        .replace(/^sha256:/, '')
        .slice(0, 16) || out.read
    }`
    if (seen.has(id)) {
      skip('duplicate')
      continue
    }
    seen.add(id)
    const messages: EvalMessage[] = []
    if (options.system && pair.messages[0]?.role !== 'system')
      messages.push({ role: 'system', content: options.system })
    for (const m of pair.messages.slice(0, last)) {
      if (m.role !== 'system' && m.role !== 'user' && m.role !== 'assistant') continue
      const content = contentText(m.content)
      if (content) messages.push({ role: m.role, content: redactor.text(content, counts) })
    }
    if (!messages.some((m) => m.role === 'user')) {
      skip('no_prompt')
      continue
    }
    out.cases.push({
      id,
      category: HELD_OUT,
      messages,
      reference: redactor.text(contentText(pair.messages[last]!.content), counts),
      expect: [{ similarity: { min: options.minSimilarity ?? 0.3 } }],
    })
  }
  return out
}
