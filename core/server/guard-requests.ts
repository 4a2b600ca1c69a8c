/**
 * The trust checks of `timmy serve`, before any route runs: the Host header must name this timmy
 * (loopback names, or `server.allowedHosts`) — 421 otherwise, which stops DNS rebinding; every request
 * but GET/HEAD/OPTIONS needs the per-install secret as `Authorization: Bearer <secret>` — 401 otherwise.
 * A route that authenticates each request itself (route config `{ signed: true }`: the Gitea webhook's
 * HMAC, which a rebinding page cannot forge) is exempt from both, so a proxy or remote Gitea reaches it. An
 * authenticated request with `X-Timmy-Nonce` gets `X-Timmy-Proof`, so the client knows it reached timmy.
 */
import { statSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { E } from '../errors.js'
import {
  NONCE_HEADER,
  PROOF_HEADER,
  proofOf,
  readSecret,
  sameText,
  secretPath,
} from '../hermes/bridge-secret.js'

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

export function guardRequests(
  app: FastifyInstance,
  o: { timmyHome: string; allowedHosts: readonly string[] },
) {
  const allowed = new Set([...LOOPBACK, ...o.allowedHosts.map((h) => h.toLowerCase())])
  const secret = secretReader(o.timmyHome)
  app.addHook('onRequest', async (req, reply) => {
    const signed = req.routeOptions.config?.signed === true
    const host = req.headers.host ?? ''
    if (!signed && !allowed.has(hostName(host))) {
      const err = E.SERVER_BAD_HOST({ host })
      return reply.code(421).send({ ok: false, error: { code: err.code }, message: err.bare })
    }
    if (SAFE_METHODS.has(req.method) || signed) return
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
    const expected = secret()
    if (!given || !expected || !sameText(given, expected)) {
      const err = E.SERVER_UNAUTHORIZED()
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="timmy"')
        .send({ ok: false, error: { code: err.code }, message: err.bare })
    }
    const nonce = req.headers[NONCE_HEADER]
    if (typeof nonce === 'string' && nonce.length <= 128) reply.header(PROOF_HEADER, proofOf(expected, nonce))
  })
}
