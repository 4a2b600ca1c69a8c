/**
 * A strict parser of the Prometheus text exposition format (0.0.4): `# HELP`/`# TYPE` lines, samples
 * `name{label="value",…} value`, escapes in label values; anything else throws with the line number.
 * Checks that every sample belongs to a declared family (histogram `_bucket/_sum/_count` included).
 */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Family {
  name: string
  help: string
  type: string
  samples: Sample[]
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  const lines = text.split('\n')
  if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline')
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`
    if (line === '') return
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line)
      if (!m) throw new Error(`${at}: bad comment "${line}"`)
      const [, kind, name, rest] = m as unknown as [string, string, string, string]
      if (!NAME.test(name)) throw new Error(`${at}: bad metric name ${name}`)
      const f = families.get(name) ?? { name, help: '', type: 'untyped', samples: [] }
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${at}: bad type ${rest}`)
        if (f.samples.length) throw new Error(`${at}: TYPE after samples of ${name}`)
        f.type = rest
      } else f.help = rest
      families.set(name, f)
      return
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line)
    if (!m) throw new Error(`${at}: bad sample "${line}"`)
    const name = m[1]!
    const labels = m[3] === undefined ? {} : parseLabels(m[3], at)
    const raw = m[4]!
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : raw === 'NaN' ? NaN : Number(raw)
    if (Number.isNaN(value) && raw !== 'NaN') throw new Error(`${at}: bad value ${raw}`)
    const base = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
    const f = families.get(base)
    if (!f) throw new Error(`${at}: sample ${name} has no # TYPE`)
    if (base !== name && f.type !== 'histogram' && f.type !== 'summary')
      throw new Error(`${at}: ${name} in a ${f.type}`)
    if (name.endsWith('_bucket') && f.type === 'histogram' && labels.le === undefined)
      throw new Error(`${at}: bucket without le`)
    f.samples.push({ name, labels, value })
  })
  return families
}

function parseLabels(s: string, at: string): Record<string, string> {
  const labels: Record<string, string> = {}
  let i = 0
  while (i < s.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(s.slice(i))
    if (!m) throw new Error(`${at}: bad label at "${s.slice(i)}"`)
    i += m[0].length
    let v = ''
    for (;;) {
      if (i >= s.length) throw new Error(`${at}: unterminated label value`)
      const c = s[i++]!
      if (c === '"') break
      if (c === '\\') {
        const e = s[i++]
        if (e === 'n') v += '\n'
        else if (e === '\\' || e === '"') v += e
        else throw new Error(`${at}: bad escape \\${e}`)
      } else v += c
    }
    if (m[1]! in labels) throw new Error(`${at}: duplicate label ${m[1]}`)
    labels[m[1]!] = v
    if (s[i] === ',') i++
    else if (i < s.length) throw new Error(`${at}: expected , after label`)
  }
  return labels
}

/** The value of the one sample of `name` with exactly these labels (undefined when absent). */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const base = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '')
  const want = JSON.stringify(Object.entries(labels).sort())
  return families
    .get(base)
    ?.samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value
}
