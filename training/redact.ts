/**
 * Redaction of secrets and PII in pair text. Each kind is one pattern behind a cheap pre-check (a
 * literal it cannot match without), so text without anything to redact costs a few native scans.
 * Secrets (private keys, JWTs, API-key shapes, tokens) are always redacted; emails and phone numbers
 * only when PII redaction is on (`privacy.redact_pii`). Every repetition that could backtrack is
 * bounded, so hostile text cannot make a pattern quadratic.
 */

export type RedactKind = 'private_key' | 'jwt' | 'api_key' | 'token' | 'email' | 'phone'

interface Rule {
  kind: RedactKind
  may: (s: string) => boolean
  re: RegExp
  replace: (match: string) => string
}

const API_KEY_HINTS = ['sk-', 'gh', 'glpat-', 'xox', 'AKIA', 'AIza', 'hf_']
/** Case variants of the token keywords' distinctive parts (cheaper than a case-insensitive scan). */
const TOKEN_HINTS = ['earer', 'EARER', 'key', 'Key', 'KEY', 'oken', 'OKEN', 'ecret', 'ECRET', 'assw', 'ASSW']

const tag = (kind: RedactKind) => () => `[REDACTED_${kind.toUpperCase()}]`

const RULES: Rule[] = [
  {
    kind: 'private_key',
    may: (s) => s.includes('PRIVATE KEY-----'),
    re: /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]*?-----END [A-Z ]{0,40}PRIVATE KEY-----/g,
    replace: tag('private_key'),
  },
  {
    kind: 'jwt',
    may: (s) => s.includes('eyJ'),
    re: /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g,
    replace: tag('jwt'),
  },
  {
    kind: 'api_key',
    may: (s) => API_KEY_HINTS.some((h) => s.includes(h)),
    re: /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|gh[opsur]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,})/g,
    replace: tag('api_key'),
  },
  {
    kind: 'token',
    may: (s) => TOKEN_HINTS.some((h) => s.includes(h)),
    re: /\bbearer\s+[A-Za-z0-9._~+/=-]{16,}|\b(?:[A-Za-z0-9]{1,20}[_-]){0,4}(?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd|token)["']?\s*[:=]\s*["']?[^\s"',;]{8,}/gi,
    replace: (m) => m.replace(/(\s+|[:=]\s*["']?)[^\s:="']+$/, '$1[REDACTED_TOKEN]'),
  },
  {
    kind: 'email',
    may: (s) => s.includes('@'),
    re: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    replace: tag('email'),
  },
  {
    kind: 'phone',
    may: (s) => /\d{3}|\+\d/.test(s),
    re: /(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,3}\b|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}\b|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b)/g,
    replace: tag('phone'),
  },
]

const SECRET_KINDS = new Set<RedactKind>(['private_key', 'jwt', 'api_key', 'token'])

export interface Redactor {
  /** Redact one string; adds to `counts` per kind. */
  text(s: string, counts: Record<string, number>): string
  readonly kinds: readonly RedactKind[]
}

export function createRedactor(options: { pii: boolean }): Redactor {
  const rules = RULES.filter((r) => options.pii || SECRET_KINDS.has(r.kind))
  return {
    kinds: rules.map((r) => r.kind),
    text(s, counts) {
      for (const rule of rules) {
        if (!rule.may(s)) continue
        s = s.replace(rule.re, (m) => {
          counts[rule.kind] = (counts[rule.kind] ?? 0) + 1
          return rule.replace(m)
        })
      }
      return s
    },
  }
}
