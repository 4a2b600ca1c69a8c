import { askWithRetry } from '../ask-with-retry.js'
import type { CaseResult, EvalRun } from '../eval-store.js'
import type { EvalOptions } from '../run-eval.js'
import type { EvalCase } from '../suite-schema.js'
import type { EvalTally } from './eval-tally.js'
import { reserveCase } from './reserve-case.js'
import { scoreCase } from './score-case.js'

/** Ask one case (after its budget reservation), keep its scored result or its error, and tick progress. */
export async function askCase(
  o: EvalOptions,
  run: EvalRun,
  tally: EvalTally,
  now: () => number,
  c: EvalCase,
) {
  const reserved = await reserveCase(o, run, tally, c)
  if (!reserved.go) return
  const held = reserved.held
  tally.asked++
  const started = now()
  const final = await askWithRetry(
    {
      url: o.url,
      model: o.model,
      messages: c.messages,
      maxTokens: o.maxTokens,
      ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    },
    o.retry,
  )
  const base = { case_id: c.id, category: c.category, attempts: final.attempts, at: now() }
  let result: CaseResult
  if (final.kind === 'answer') result = await scoreCase(o, run, c, final, base, started, held)
  else {
    if (held) await o.budget?.release(held)
    tally.errors++
    tally.firstError ??= `${final.error}: ${final.reason}`
    result = {
      ...base,
      pass: false,
      score: 0,
      answer: null,
      error: `${final.error}: ${final.reason}`,
      failures: [],
      input_tokens: 0,
      output_tokens: 0,
      ms: base.at - started,
    }
  }
  o.store.save(run.id, result)
  o.progress.tick()
}
