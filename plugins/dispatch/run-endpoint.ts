/** Run one prompt against an OpenAI-compatible chat endpoint (`POST {url}/chat/completions`). */
import { E } from './errors.js'
import type { AgentRun } from './run-hermes.js'

export interface EndpointOptions {
  url: string
  model: string
  prompt: string
  apiKey?: string
  timeoutMs: number
}

export async function runEndpoint(options: EndpointOptions): Promise<AgentRun> {
  const started = Date.now()
  const url = `${options.url.replace(/\/+$/, '')}/chat/completions`
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: options.model, messages: [{ role: 'user', content: options.prompt }] }),
      signal: AbortSignal.timeout(options.timeoutMs),
    })
  } catch (err) {
    if ((err as Error).name === 'TimeoutError')
      return { outcome: 'timeout', exitCode: null, text: '', stderr: '', durationMs: Date.now() - started }
    throw E.DISPATCH_ENDPOINT_FAILED({ url, status: (err as Error).message }, { cause: err, exitCode: 1 })
  }
  if (!res.ok) throw E.DISPATCH_ENDPOINT_FAILED({ url, status: res.status }, { exitCode: 1 })
  const body = (await res.json()) as {
    model?: string
    choices?: { message?: { content?: string } }[]
    usage?: {
      prompt_tokens?: number
      completion_tokens?: number
      prompt_tokens_details?: { cached_tokens?: number }
    }
  }
  const text = body.choices?.[0]?.message?.content ?? ''
  const cached = body.usage?.prompt_tokens_details?.cached_tokens ?? 0
  return {
    outcome: text ? 'ok' : 'failed',
    exitCode: text ? 0 : 1,
    text,
    stderr: '',
    usage: {
      model: body.model ?? options.model,
      input_tokens: Math.max(0, (body.usage?.prompt_tokens ?? 0) - cached),
      output_tokens: body.usage?.completion_tokens ?? 0,
      cache_read_tokens: cached,
    },
    durationMs: Date.now() - started,
  }
}
