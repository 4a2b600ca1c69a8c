/**
 * The consent registry: who agreed to what, and when. A YAML file (default `$TIMMY_HOME/consent.yaml`):
 *
 *   grants:
 *     - { scope: source, id: cli, level: train, at: 2026-01-01T00:00:00Z }
 *     - { scope: user, id: alice, level: train, at: 2026-03-01T00:00:00Z, license: CC-BY-4.0 }
 *     - { scope: session, id: 20260718_142233_a1b2c3, level: withdrawn, at: 2026-08-01T00:00:00Z }
 *
 * Levels: `train` (may be trained on), `eval` (evaluation only), `none` (not to be used), `withdrawn`.
 * Resolution for a session: the most specific scope that has entries wins (session, then user, then
 * source). Within it, a `withdrawn` entry at any time withdraws (withdrawal covers earlier sessions
 * too); otherwise the latest entry given at or before the session's start applies; entries given only
 * after the session leave it without consent (`given_after_session`).
 */
import { existsSync } from 'node:fs'
import { type Static, Type as T } from '@sinclair/typebox'
import { checkSchema, loadYamlFile } from '../core/index.js'
import { E } from './errors.js'
import type { ConsentInfo } from './types.js'

export const CONSENT_LEVELS = ['train', 'eval', 'none', 'withdrawn'] as const

const Grant = T.Object(
  {
    scope: T.Union([T.Literal('session'), T.Literal('user'), T.Literal('source')]),
    id: T.String({ minLength: 1 }),
    level: T.Union(CONSENT_LEVELS.map((l) => T.Literal(l))),
    at: T.String({ description: 'ISO 8601 time the consent was given or withdrawn' }),
    license: T.Optional(T.String({ minLength: 1 })),
    note: T.Optional(T.String()),
  },
  { additionalProperties: false },
)

export const ConsentFileSchema = T.Object(
  { grants: T.Array(Grant, { default: [] }) },
  { additionalProperties: false },
)

export type Grant = Static<typeof Grant>

interface Entry {
  level: string
  at: number
  iso: string
  license?: string
}

export interface ConsentResult {
  consent: ConsentInfo | null
  level: string | null
  note?: string
  /** Licence stated with the consent, if any. */
  license?: string
}

export interface ConsentRegistry {
  readonly size: number
  resolve(s: {
    session_id: string | null
    user_id?: string | null
    platform?: string | null
    started_at: number | null
  }): ConsentResult
}

export function loadConsent(file: string | undefined): ConsentRegistry {
  if (!file || !existsSync(file)) return createRegistry([])
  const src = loadYamlFile(file, { allowEmpty: true })
  const value = checkSchema(ConsentFileSchema, src.value ?? {}, { locate: src.locate })
  value.grants.forEach((g, i) => {
    if (!Number.isFinite(Date.parse(g.at)))
      throw E.TRAIN_CONSENT_INVALID(
        { reason: `"${g.at}" is not an ISO 8601 time` },
        { loc: src.locate(['grants', i, 'at']) },
      )
  })
  return createRegistry(value.grants)
}

export function createRegistry(grants: readonly Grant[]): ConsentRegistry {
  const map = new Map<string, Entry[]>()
  for (const g of grants) {
    const key = `${g.scope}\u0000${g.id}`
    const list = map.get(key) ?? []
    map.set(key, list)
    list.push({
      level: g.level,
      at: Date.parse(g.at) / 1000,
      iso: new Date(g.at).toISOString(),
      ...(g.license ? { license: g.license } : {}),
    })
  }
  for (const list of map.values()) list.sort((a, b) => a.at - b.at)
  return {
    size: grants.length,
    resolve(s) {
      const scopes: [ConsentInfo['scope'], string | null | undefined][] = [
        ['session', s.session_id],
        ['user', s.user_id],
        ['source', s.platform],
      ]
      for (const [scope, id] of scopes) {
        if (!id) continue
        const list = map.get(`${scope}\u0000${id}`)
        if (!list) continue
        const withdrawn = list.find((e) => e.level === 'withdrawn')
        const pick =
          withdrawn ??
          (s.started_at == null ? undefined : [...list].reverse().find((e) => e.at <= s.started_at!))
        if (!pick)
          return {
            consent: null,
            level: null,
            note: s.started_at == null ? 'session_time_unknown' : 'given_after_session',
          }
        return {
          consent: { level: pick.level, scope, id, given_at: pick.iso },
          level: pick.level,
          ...(pick.license ? { license: pick.license } : {}),
        }
      }
      return { consent: null, level: null, note: 'none' }
    },
  }
}
