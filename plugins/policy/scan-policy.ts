/**
 * The policy scan, shared by the `beforeDeploy` veto and `timmy policy scan <paths>`: banned
 * provider names anywhere a provider or model is named (model, providers, fallbacks, delegation,
 * auxiliary, custom providers, cron jobs), remote `base_url`s not on the allow-list, and required
 * settings. Every finding points at `file:line:col`.
 */
import { isDeepStrictEqual } from 'node:util'
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { SourceLoc } from '../../core/errors.js'
import type { Policy } from './policy-schema.js'

export interface Violation {
  rule: 'banned-provider' | 'forbidden-base-url' | 'required-setting'
  path: string
  reason: string
  loc: SourceLoc
}

const NAME_KEYS = new Set([
  'provider',
  'model',
  'default',
  'fallback_model',
  'provider_snapshot',
  'model_snapshot',
])
const URL_KEYS = new Set(['base_url', 'api_base', 'url'])
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

export function bannedIn(text: string, policy: Policy): string | undefined {
  const lower = text.toLowerCase()
  return policy.bannedProviders.find((b) => lower.includes(b.toLowerCase()))
}

export function urlAllowed(raw: string, policy: Policy): boolean {
  if (raw.includes('${')) return true // resolved from the environment at Hermes' start: cannot be judged here
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost')) return true
  return policy.allowedBaseUrls.some((a) => (a.includes('://') ? raw.startsWith(a) : url.hostname === a))
}

export function scanSource(
  source: YamlSource,
  policy: Policy,
  options: { required?: boolean } = {},
): Violation[] {
  const out: Violation[] = []
  const walk = (value: unknown, path: (string | number)[]) => {
    const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined
    const dotted = path.join('.')
    if (typeof value === 'string') {
      const inList = typeof path[path.length - 1] === 'number'
      const nameLike =
        (key !== undefined && NAME_KEYS.has(key)) ||
        (inList && key === 'fallback_providers') ||
        (key === 'name' && path[0] === 'custom_providers')
      const hit = nameLike ? bannedIn(value, policy) : undefined
      if (hit)
        out.push({
          rule: 'banned-provider',
          path: dotted,
          reason: `"${value}" at ${dotted} names the banned provider family "${hit}"`,
          loc: source.locate(path),
        })
      if (key && URL_KEYS.has(key) && value.trim() !== '') {
        const banned = bannedIn(value, policy)
        if (banned || !urlAllowed(value, policy))
          out.push({
            rule: banned ? 'banned-provider' : 'forbidden-base-url',
            path: dotted,
            reason: banned
              ? `base_url "${value}" at ${dotted} points at the banned provider "${banned}"`
              : `base_url "${value}" at ${dotted} is a remote destination not in allowed_base_urls`,
            loc: source.locate(path),
          })
      }
      return
    }
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, [...path, i])
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if ((key === 'providers' || key === 'custom_providers') && path[path.length - 1] === key) {
          const hit = bannedIn(k, policy)
          if (hit)
            out.push({
              rule: 'banned-provider',
              path: [...path, k].join('.'),
              reason: `provider "${k}" is in the banned family "${hit}"`,
              loc: source.locate([...path, k], 'key'),
            })
        }
        walk(v, [...path, k])
      }
  }
  walk(source.value, [])
  if (options.required)
    for (const [dotted, want] of Object.entries(policy.required)) {
      const segs = dotted.split('.')
      let v: unknown = source.value
      for (const s of segs) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined
      if (!isDeepStrictEqual(v, want))
        out.push({
          rule: 'required-setting',
          path: dotted,
          reason: `${dotted} must be ${JSON.stringify(want)}, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`,
          loc: source.locate(segs),
        })
    }
  return out
}

/** A plain-text file (scripts, .env, Markdown): look for provider/model/base_url assignments. */
export function scanText(file: string, text: string, policy: Policy): Violation[] {
  const out: Violation[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(
      /\b(provider|model|base_url|api_base)["']?\s*[:=]\s*["']?([^"'\s,#}]+)/gi,
    )) {
      const [, key, value] = m as unknown as [string, string, string]
      const loc = { file, line: i + 1, col: (m.index ?? 0) + 1, source: line }
      const isUrl = /url|base/i.test(key)
      const hit = bannedIn(value, policy)
      if (hit)
        out.push({
          rule: 'banned-provider',
          path: key,
          reason: `${key} "${value}" names the banned provider family "${hit}"`,
          loc,
        })
      else if (isUrl && /^https?:\/\//.test(value) && !urlAllowed(value, policy))
        out.push({
          rule: 'forbidden-base-url',
          path: key,
          reason: `${key} "${value}" is a remote destination not in allowed_base_urls`,
          loc,
        })
    }
  })
  return out
}
