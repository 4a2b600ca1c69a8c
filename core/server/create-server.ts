/**
 * The loopback HTTP server of `timmy serve` (fastify; HTTPS with `tls`); core's route is `/healthz`. Every request
 * passes guard-requests.ts first (Host header, the secret on POSTs); plugins add routes in a `serve` tap.
 */
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { E, reasonOf } from '../errors.js'
import type { Host } from '../host.js'
import { timmyVersion } from '../version.js'
import { guardRequests } from './guard-requests.js'
import { ensureSecret } from './secret.js'

export interface ServerOptions {
  host: string
  port: number
  bodyLimit: number
  /** PEM files: serve HTTPS. */
  tls?: { cert: string; key: string }
  /** Host header names accepted beside the loopback ones. */
  allowedHosts?: readonly string[]
  /** Also accept `Authorization: Bearer <secret>` (operators' scripts). */
  acceptBearer?: boolean
}

function readPem(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (err) {
    throw E.SERVER_TLS_UNREADABLE({ file, reason: reasonOf(err) }, { cause: err })
  }
}

export interface Server {
  app: FastifyInstance
  url: string
  close(): Promise<void>
}

export async function startServer(host: Host, options: ServerOptions): Promise<Server> {
  const { default: Fastify } = await import('fastify')
  // A slow sender (headers, then a body that never ends) is cut off: headers, whole request, idle socket.
  const ms = Number(process.env.TIMMY_REQUEST_TIMEOUT_MS) || 15_000
  const http = { headersTimeout: ms, connectionsCheckingInterval: 1000 }
  const tls = options.tls && { ...http, cert: readPem(options.tls.cert), key: readPem(options.tls.key) }
  const base = { logger: false, bodyLimit: options.bodyLimit, forceCloseConnections: true, http } as const
  const limits = { ...base, requestTimeout: ms, connectionTimeout: ms, keepAliveTimeout: 5000 }
  const app = (tls ? Fastify({ ...limits, https: tls }) : Fastify(limits)) as unknown as FastifyInstance
  ensureSecret(host.loaded.paths.home)
  guardRequests(app, {
    timmyHome: host.loaded.paths.home,
    allowedHosts: options.allowedHosts ?? [],
    acceptBearer: options.acceptBearer === true,
  })
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
  const before = host.tapErrors.length
  await host.hooks.serve.promise({ app, host: options.host, port: options.port })
  // a plugin that could not start its part (its store unreachable, say) stops serve: never a healthy-looking half
  const failed = host.tapErrors.slice(before).find((e) => e.details?.hook === 'serve')
  if (failed) await app.close().finally(() => Promise.reject(failed.cause ?? failed))
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
  const scheme = options.tls ? 'https' : 'http'
  return { app, url: `${scheme}://${hostPart}:${port}`, close: () => app.close() }
}
