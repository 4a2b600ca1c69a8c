/**
 * Gitea benchmarks (run: node --import tsx bench/gitea.ts).
 * 1. Listing 10,000 issues through the fake Gitea (its own process) with 40 ms injected latency: bounded-concurrency
 *    pages (once X-Total-Count is known) against page-by-page, in the same run. Target ≥ 4×.
 * 2. Webhook receiver on loopback: verified deliveries per second (signature checked, delivery stored
 *    in SQLite) against a bare route that only answers 200, same server, same client. Target ≥ 50 %.
 */
import { spawn } from 'node:child_process'
import { createHmac, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { silentLogger } from '../core/log.js'
import { openStore } from '../core/store/store.js'
import { createGiteaClient } from '../plugins/gitea/client.js'
import { openSqliteDeliveries } from '../plugins/gitea/sqlite-deliveries.js'
import { registerWebhookRoute } from '../plugins/gitea/webhook-route.js'
import { events, goJson } from '../test/gitea/payloads.js'

async function listing() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./gitea-fake-server.ts', import.meta.url)), '10000', '40'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const fake = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!))
    })
    child.once('exit', (code) => reject(new Error(`fake Gitea exited with ${code}`)))
  })
  const time = async (pageConcurrency: number) => {
    const client = createGiteaClient({ url: fake.url, token: fake.token, pageConcurrency })
    const t0 = performance.now()
    const all = await client.listIssues('acme/big', { all: true })
    if (all.length !== 10_000) throw new Error(`read ${all.length} issues`)
    return performance.now() - t0
  }
  const sequential = await time(1)
  const c4 = await time(4)
  const c8 = await time(8)
  child.stdin!.end()
  await new Promise((resolve) => child.once('exit', resolve))
  console.log('list 10,000 issues, 40 ms latency, 200 pages of 50')
  console.log(`  page by page (baseline)   ${sequential.toFixed(0)} ms`)
  console.log(`  concurrency 4             ${c4.toFixed(0)} ms   ${(sequential / c4).toFixed(1)}x faster`)
  console.log(`  concurrency 8 (default)   ${c8.toFixed(0)} ms   ${(sequential / c8).toFixed(1)}x faster`)
}

async function receiver() {
  const secret = 'bench-secret'
  const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-'))
  const store = await openStore(join(dir, 'timmy.db'))
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false })
  let handed = 0
  await registerWebhookRoute(app, {
    secret,
    insecure: false,
    bodyLimit: 1 << 20,
    deliveries: openSqliteDeliveries(store, { retentionDays: 30 }),
    log: silentLogger,
    onItem: () => {
      handed++
    },
  })
  app.post('/bare', async (_req, reply) => reply.code(200).send({ ok: true }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  // One body per delivery (signed before the clock starts): the same body twice is refused as a replay.
  const signed = (id: string) => {
    const body = goJson({ ...events.issues(), bench_delivery: id })
    return { body, sig: createHmac('sha256', secret).update(body).digest('hex') }
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 16 })
  const send = (path: string, body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      req.on('error', reject)
      req.end(body)
    })
  const run = async (path: string, n: number, expect: number) => {
    const ids = Array.from({ length: n }, () => randomUUID())
    const bodies = ids.map(signed)
    let next = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < n) {
          const i = next++
          const { body, sig } = bodies[i]!
          const status = await send(path, body, {
            'content-type': 'application/json',
            'x-gitea-event': 'issues',
            'x-gitea-delivery': ids[i]!,
            'x-gitea-signature': sig,
          })
          if (status !== expect) throw new Error(`${path} answered ${status}`)
        }
      }),
    )
    return n / ((performance.now() - t0) / 1000)
  }
  await run('/bare', 1000, 200) // warm-up
  await run('/hooks/gitea', 1000, 202)
  const bare = await run('/bare', 8000, 200)
  const verified = await run('/hooks/gitea', 8000, 202)
  await new Promise((resolve) => setTimeout(resolve, 50)) // let the last hand-offs run
  await app.close()
  agent.destroy()
  store.close()
  rmSync(dir, { recursive: true, force: true })
  console.log('webhook receiver, loopback, 16 connections, 8,000 deliveries each')
  console.log(`  bare route (baseline)     ${bare.toFixed(0)} req/s`)
  console.log(
    `  verified + stored         ${verified.toFixed(0)} req/s   ${((verified / bare) * 100).toFixed(0)} % of bare (${handed} handed on)`,
  )
}

await listing()
await receiver()
