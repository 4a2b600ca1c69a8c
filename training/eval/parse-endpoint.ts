/**
 * `--endpoint`: the base URL of an OpenAI-compatible server (llama.cpp's server, vLLM, Ollama:
 * `http://127.0.0.1:8080/v1`), or its full `…/chat/completions` URL. http(s) only, no credentials in
 * the URL (the key comes from --api-key-env), and not a banned provider (the caller's policy).
 */

import { E } from '../errors.js'
import type { EvalPolicy } from './eval-policy.js'

export function chatCompletionsUrl(raw: string, policy: EvalPolicy): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw E.EVAL_BAD_ENDPOINT({ url: raw, reason: 'it is not a URL' })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw E.EVAL_BAD_ENDPOINT({ url: raw, reason: `the scheme ${url.protocol} is not http: or https:` })
  if (url.username || url.password)
    throw E.EVAL_BAD_ENDPOINT({
      url: `${url.protocol}//${url.host}${url.pathname}`,
      reason: 'it carries credentials; give the API key through --api-key-env instead',
    })
  const banned = policy.bannedIn(url.hostname)
  if (banned) throw E.EVAL_BAD_ENDPOINT({ url: raw, reason: `it is the banned provider "${banned}"` })
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith('/chat/completions') ? path : `${path}/chat/completions`
  return url.toString()
}
