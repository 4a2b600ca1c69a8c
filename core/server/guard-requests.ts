/**
 * The trust checks of `timmy serve`, before any route runs: the Host header must name this timmy
 * (loopback names, or `server.allowedHosts`) — 421 otherwise, which stops DNS rebinding; every request
 * but GET/HEAD/OPTIONS must be signed with the per-install secret — 401 otherwise. The signature is
 * `Authorization: Timmy ts=<unix ms>,nonce=<hex>,mac=<hex>` over the method, path and body hash
 * (bridge-secret.ts), within ±60 s, each nonce once; the secret itself never crosses the wire. The plain
 * `Authorization: Bearer <secret>` (operators' curl) is accepted only with `server.acceptBearer`.
 * A route that authenticates each request itself (route config `{ signed: true }`: the Gitea webhook's
 * HMAC, which a rebinding page cannot forge) is exempt from both, so a proxy or remote Gitea reaches it. An
 * authenticated request with `X-Timmy-Nonce` gets `X-Timmy-Proof`, so the client knows it reached timmy.
 */
import { createHash, type Hash } from 'node:crypto'
import { statSync } from 'node:fs'
import { Transform } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { E } from '../errors.js'
import {
  MAC_WINDOW_MS,
  macOf,
  NONCE_HEADER,
  PROOF_HEADER,
  parseRequestMac,
  proofOf,
  type RequestMac,
  readSecret,
  sameText,
  secretPath,
} from './secret.js'
import { seenNonces } from './seen-nonces.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route authenticates its requests itself (a signature): no bearer secret asked. */
    signed?: boolean
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The host name of a Host header (no port), lower case. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase()
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1)
  const colon = h.lastIndexOf(':')
  return colon === -1 ? h : h.slice(0, colon)
}

/** Reads the secret file again only when it changed (one stat per request; `timmy secret rotate` acts at once). */
function secretReader(timmyHome: string): () => string | undefined {
  let stamp = ''
  let secret: string | undefined
  return () => {
    let now = 'missing'
    try {
      const st = statSync(secretPath(timmyHome))
      now = `${st.mtimeMs}:${st.size}:${st.ino}`
    } catch {}
    if (now !== stamp) {
      stamp = now
      secret = readSecret(timmyHome)
    }
    return secret
  }
}

/** A signed request waiting for its body: the MAC is checked once the body's hash is known. */
interface Pending {
  mac: RequestMac
  secret: string
  hash: Hash
}

function unauthorized(reply: FastifyReply) {
  const err = E.SERVER_UNAUTHORIZED()
  return reply
    .code(401)
    .header('www-authenticate', 'Timmy realm="timmy"')
    .send({ ok: false, error: { code: err.code }, message: err.bare })
}

function prove(req: FastifyRequest, reply: FastifyReply, secret: string) {
  const nonce = req.headers[NONCE_HEADER]
  if (typeof nonce === 'string' && nonce.length <= 128) reply.header(PROOF_HEADER, proofOf(secret, nonce))
}

export function guardRequests(
  app: FastifyInstance,
  o: { timmyHome: string; allowedHosts: readonly string[]; acceptBearer?: boolean; now?: () => number },
) {
  const allowed = new Set([...LOOPBACK, ...o.allowedHosts.map((h) => h.toLowerCase())])
  const secret = secretReader(o.timmyHome)
  const clock = o.now ?? Date.now
  const nonces = seenNonces(MAC_WINDOW_MS)
  const pending = new WeakMap<FastifyRequest, Pending>()

  app.addHook('onRequest', async (req, reply) => {
    const signed = req.routeOptions.config?.signed === true
    const host = req.headers.host ?? ''
    if (!signed && !allowed.has(hostName(host))) {
      const err = E.SERVER_BAD_HOST({ host })
      return reply.code(421).send({ ok: false, error: { code: err.code }, message: err.bare })
    }
    if (SAFE_METHODS.has(req.method) || signed) return
    const expected = secret()
    if (!expected) return unauthorized(reply)
    const header = req.headers.authorization ?? ''
    const mac = parseRequestMac(header)
    if (mac) {
      if (Math.abs(clock() - mac.ts) > MAC_WINDOW_MS) return unauthorized(reply)
      pending.set(req, { mac, secret: expected, hash: createHash('sha256') })
      return
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1]
    if (o.acceptBearer && bearer && sameText(bearer, expected)) return prove(req, reply, expected)
    return unauthorized(reply)
  })

  // Hash the body as it streams to the parser; the MAC is checked when it has been read.
  app.addHook('preParsing', async (req, _reply, payload) => {
    const p = pending.get(req)
    if (!p) return payload
    const tee = new Transform({
      transform(chunk: Buffer, _enc, done) {
        p.hash.update(chunk)
        done(null, chunk)
      },
    })
    payload.on('error', (err) => tee.destroy(err))
    return payload.pipe(tee)
  })

  app.addHook('preValidation', async (req, reply) => {
    const p = pending.get(req)
    if (!p) return
    pending.delete(req)
    const { ts, nonce, mac } = p.mac
    const want = macOf(p.secret, ts, nonce, req.method, req.url, p.hash.digest('hex'))
    if (!sameText(mac, want) || !nonces.add(nonce, ts, clock())) return unauthorized(reply)
    prove(req, reply, p.secret)
  })
}
