/**
 * The loopback HTTP server of `timmy serve` (fastify). Core routes: `/healthz`. Plugins add theirs in
 * a `serve` tap (webhooks, Hermes events, metrics, status page) before it listens.
 */
import type { FastifyInstance } from 'fastify'
import { E, reasonOf } from '../errors.js'
import type { Host } from '../host.js'
import { timmyVersion } from '../version.js'

export interface Server {
  app: FastifyInstance
  url: string
  close(): Promise<void>
}

export async function startServer(
  host: Host,
  options: { host: string; port: number; bodyLimit: number },
): Promise<Server> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit, forceCloseConnections: true })
  const started = Date.now()
  app.get('/healthz', async () => {
    const store = host.storeOpened ? (await host.store()).health() : undefined
    return {
      ok: store ? store.ok : true,
      version: timmyVersion(),
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      plugins: host.plugins.map((p) => p.plugin.name),
      ...(store ? { store: { ok: store.ok, journalMode: store.journalMode } } : {}),
    }
  })
  await host.hooks.serve.promise({ app, host: options.host, port: options.port })
  try {
    await app.listen({ host: options.host, port: options.port })
  } catch (err) {
    await app.close().catch(() => {})
    throw E.SERVER_LISTEN_FAILED(
      { host: options.host, port: options.port, reason: reasonOf(err) },
      { cause: err },
    )
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host
  return { app, url: `http://${hostPart}:${port}`, close: () => app.close() }
}
