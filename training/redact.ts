/**
 * Redaction of secrets and PII in pair text. One pass per string over one alternation, so the cost
 * does not grow with the number of patterns. Secrets (key shapes, tokens, private keys) are always
 * redacted; emails and phone numbers only when PII redaction is on (`privacy.redact_pii`).
 * Every repetition that could backtrack is bounded, so hostile text cannot make it quadratic.
 */

export type RedactKind = 'private_key' | 'jwt' | 'api_key' | 'token' | 'email' | 'phone'

const PATTERNS: [RedactKind, string][] = [
  ['private_key', String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----`],
  ['jwt', String.raw`\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}`],
  [
    'api_key',
    String.raw`\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|gh[opsur]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|hf_[A-Za-z0-9]{30,})`,
  ],
  [
    'token',
    String.raw`(?:\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{16,}|\b(?:[A-Za-z0-9]{1,20}[_-]){0,4}(?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd|token)["']?\s*[:=]\s*["']?[^\s"',;]{8,})`,
  ],
  [
    'email',
    String.raw`\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b`,
  ],
  [
    'phone',
    String.raw`(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,3}\b|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}\b|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b)`,
  ],
]

const SECRET_KINDS = new Set<RedactKind>(['private_key', 'jwt', 'api_key', 'token'])
const KINDS = PATTERNS.map(([k]) => k)

function build(kinds: RedactKind[]): RegExp {
  return new RegExp(
    PATTERNS.filter(([k]) => kinds.includes(k))
      .map(([, p]) => `(${p})`)
      .join('|'),
    'gi',
  )
}

export interface Redactor {
  /** Redact one string; adds to `counts` per kind. */
  text(s: string, counts: Record<string, number>): string
  readonly kinds: readonly RedactKind[]
}

export function createRedactor(options: { pii: boolean }): Redactor {
  const kinds = KINDS.filter((k) => options.pii || SECRET_KINDS.has(k))
  const re = build(kinds)
  const quick = options.pii
    ? /[@+(]|\d{3}|eyJ|sk-|gh|gl|xox|AKIA|AIza|hf_|bearer|key|token|secret|pass|BEGIN/i
    : /eyJ|sk-|gh|gl|xox|AKIA|AIza|hf_|bearer|key|token|secret|pass|BEGIN/i
  return {
    kinds,
    text(s, counts) {
      if (!quick.test(s)) return s
      return s.replace(re, (...m: unknown[]) => {
        for (let i = 0; i < kinds.length; i++) {
          if (m[i + 1] !== undefined) {
            const kind = kinds[i]!
            counts[kind] = (counts[kind] ?? 0) + 1
            if (kind === 'token')
              return (m[0] as string).replace(/(\s+|[:=]\s*["']?)[^\s:="']+$/, '$1[REDACTED_TOKEN]')
            return `[REDACTED_${kind.toUpperCase()}]`
          }
        }
        return m[0] as string
      })
    },
  }
}
