import { readLines } from '../training/jsonl.js'
import { createRedactor } from '../training/redact.js'

const file = process.argv[2]!
const strings: string[] = []
for (const { text } of readLines(file))
  for (const m of JSON.parse(text).messages) if (typeof m.content === 'string') strings.push(m.content)
const total = strings.reduce((a, s) => a + s.length, 0)
console.log(strings.length, total)
const r = createRedactor({ pii: true })
const time = (name: string, fn: (s: string) => unknown) => {
  const t = performance.now()
  let k = 0
  for (const s of strings) if (fn(s)) k++
  console.log(name, (performance.now() - t).toFixed(0), k)
}
const quick = /[@+(]|\d{3}|eyJ|sk-|gh|gl|xox|AKIA|AIza|hf_|bearer|key|token|secret|pass|BEGIN/i
time('quick-regex', (s) => quick.test(s))
const lits = ['@', 'eyJ', 'sk-', 'gh', 'gl', 'xox', 'AKIA', 'AIza', 'hf_', 'BEGIN', '+', '(']
const ci = ['bearer', 'key', 'token', 'secret', 'pass']
time('includes', (s) => {
  for (const l of lits) if (s.includes(l)) return true
  const lo = s.toLowerCase()
  for (const l of ci) if (lo.includes(l)) return true
  return /\d{3}/.test(s)
})
time('full', (s) => r.text(s, {}) !== s)
const digits = /\d\d\d/
time('digits', (s) => digits.test(s))
const kw = /bearer|key|token|secret|pass/i
time('kw-i', (s) => kw.test(s))
time('may-api', (s) => /sk-|gh[opsur]_|github_pat_|glpat-|xox[abprs]-|AKIA|AIza|hf_/.test(s))
time('may-token', (s) => /bearer|key|token|secret|passw/i.test(s))
time('may-phone', (s) => /\d{3}|\+\d/.test(s))
time('may-email', (s) => s.includes('@'))
time('may-jwt', (s) => s.includes('eyJ'))
const tokre =
  /\bbearer\s+[A-Za-z0-9._~+/=-]{16,}|\b(?:[A-Za-z0-9]{1,20}[_-]){0,4}(?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd|token)["']?\s*[:=]\s*["']?[^\s"',;]{8,}/gi
time('token-re', (s) => s.replace(tokre, 'x') !== s)
