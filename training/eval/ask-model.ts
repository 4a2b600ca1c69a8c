/**
 * One chat-completions request (`stream: false`) and what came of it: an answer with its usage, a
 * retryable failure (429, 5xx, a connection that failed before any answer; `Retry-After` read), or a
 * case error — timeout (the case's AbortSignal), an HTTP error, a body cut short, malformed JSON, or
 * JSON without an answer. Nothing here throws for what the server does.
 */

import { parseRetryAfter, type Usage } from '../../core/index.js'
import type { EvalMessage } from './suite-schema.js'

export interface ChatRequest {
  url: string
  model: string
  messages: readonly EvalMessage[]
  maxTokens: number
  apiKey?: string
}

export type CaseErrorKind = 'timeout' | 'http' | 'truncated' | 'bad-json' | 'bad-response' | 'network'

export type Attempt =
  | { kind: 'answer'; text: string; usage?: Usage }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'error'; error: CaseErrorKind; reason: string }

const timeout = (): Attempt => ({ kind: 'error', error: 'timeout', reason: 'the case timed out' })

export async function askModel(req: ChatRequest, signal: AbortSignal, now = Date.now): Promise<Attempt> {
  let res: Response
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: req.model,
        messages: req.messages,
        stream: false,
        temperature: 0,
        max_tokens: req.maxTokens,
      }),
      signal,
    })
  } catch (err) {
    if (signal.aborted) return timeout()
    return { kind: 'retry', reason: `no answer (${causeOf(err)})` }
  }
  let body: string
  try {
    body = await res.text()
  } catch (err) {
    if (signal.aborted) return timeout()
    if (res.status === 429 || res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` }
    return { kind: 'error', error: 'truncated', reason: `the answer was cut short (${causeOf(err)})` }
  }
  if (res.status === 429 || res.status >= 500) {
    const after = parseRetryAfter(res.headers.get('retry-after'), now())
    return {
      kind: 'retry',
      reason: `HTTP ${res.status}`,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    }
  }
  if (!res.ok)
    return { kind: 'error', error: 'http', reason: `HTTP ${res.status}: ${body.slice(0, 200).trim()}` }
  return parseAnswer(body)
}

interface Completion {
  choices?: { message?: { content?: unknown } }[]
  usage?: {
    prompt_tokens?: number
    completion_tokens?: number
    prompt_tokens_details?: { cached_tokens?: number }
  }
}

export function parseAnswer(body: string): Attempt {
  let json: Completion
  try {
    json = JSON.parse(body) as Completion
  } catch {
    return { kind: 'error', error: 'bad-json', reason: `the answer is not JSON (${body.length} bytes)` }
  }
  const content = json?.choices?.[0]?.message?.content
  if (content !== null && typeof content !== 'string')
    return { kind: 'error', error: 'bad-response', reason: 'the answer has no choices[0].message.content' }
  const u = json.usage
  const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0)
  const cached = count(u?.prompt_tokens_details?.cached_tokens)
  return {
    kind: 'answer',
    text: content ?? '',
    ...(u && typeof u === 'object'
      ? {
          usage: {
            input_tokens: Math.max(0, count(u.prompt_tokens) - cached),
            output_tokens: count(u.completion_tokens),
            ...(cached ? { cache_read_tokens: cached } : {}),
          },
        }
      : {}),
  }
}

function causeOf(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } }
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)
}
