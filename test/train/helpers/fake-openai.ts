/**
 * A fake OpenAI-compatible chat-completions server (real HTTP on 127.0.0.1) for `timmy train eval`
 * tests. A script maps each request (its last user message, and how many times that prompt was
 * asked) to a reply: an answer with usage, an HTTP status (429/5xx, optionally with Retry-After),
 * malformed JSON, a body cut short mid-JSON, or no answer at all (a timeout). Every request is logged.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Reply =
  | { answer: string; usage?: { prompt_tokens: number; completion_tokens: number } | null }
  | { status: number; retryAfter?: string }
  | { malformed: true }
  | { cutShort: true }
  | { hang: true }

export interface FakeRequest {
  prompt: string
  model: string
  stream: unknown
  messages: { role: string; content: string }[]
}

export interface FakeModel {
  url: string
  requests: FakeRequest[]
  /** How many requests carried this prompt. */
  count(prompt: string): number
  close(): Promise<void>
}

export async function startFakeModel(script: (prompt: string, nth: number) => Reply): Promise<FakeModel> {
  const requests: FakeRequest[] = []
  const seen = new Map<string, number>()
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end()
        return
      }
      const parsed = JSON.parse(body) as { model: string; stream: unknown; messages: FakeRequest['messages'] }
      const prompt = parsed.messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''
      const nth = (seen.get(prompt) ?? 0) + 1
      seen.set(prompt, nth)
      requests.push({ prompt, model: parsed.model, stream: parsed.stream, messages: parsed.messages })
      const reply = script(prompt, nth)
      if ('hang' in reply) return // never answers: the client's per-case timeout must end it
      if ('status' in reply) {
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          ...(reply.retryAfter !== undefined ? { 'retry-after': reply.retryAfter } : {}),
        })
        res.end(JSON.stringify({ error: { message: `scripted ${reply.status}` } }))
        return
      }
      if ('malformed' in reply) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"id":"x","choices":[{"message":{"role":"assistant","content":"half')
        return
      }
      if ('cutShort' in reply) {
        const full = JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'never seen' } }] })
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) })
        res.write(full.slice(0, 20))
        setTimeout(() => res.socket?.destroy(), 20)
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          model: parsed.model,
          choices: [
            { index: 0, message: { role: 'assistant', content: reply.answer }, finish_reason: 'stop' },
          ],
          ...(reply.usage === null
            ? {}
            : { usage: reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 } }),
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    count: (prompt) => seen.get(prompt) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
