/** A unified diff of two texts (line LCS; fine for config-sized files), for `timmy deploy --diff`. */
export function unifiedDiff(
  path: string,
  before: string | undefined,
  after: string | undefined,
  context = 3,
): string {
  if (before === after) return ''
  const a = before === undefined ? [] : before.replace(/\n$/, '').split('\n')
  const b = after === undefined ? [] : after.replace(/\n$/, '').split('\n')
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const ops: { t: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ t: ' ', line: a[i++]!, ai: i, bi: ++j })
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ t: '-', line: a[i++]!, ai: i, bi: j })
    else ops.push({ t: '+', line: b[j++]!, ai: i, bi: j })
  }
  const out = [
    `--- ${before === undefined ? '/dev/null' : `a/${path}`}`,
    `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`,
  ]
  let k = 0
  while (k < ops.length) {
    if (ops[k]!.t === ' ') {
      k++
      continue
    }
    const start = Math.max(0, k - context)
    let end = k
    let gap = 0
    while (end < ops.length && gap <= context * 2) {
      gap = ops[end]!.t === ' ' ? gap + 1 : 0
      end++
    }
    end = Math.min(ops.length, end - Math.max(0, gap - context))
    const hunk = ops.slice(start, end)
    const aStart = hunk.filter((o) => o.t !== '+').length ? hunk.find((o) => o.t !== '+')!.ai : hunk[0]!.ai
    const bStart = hunk.filter((o) => o.t !== '-').length ? hunk.find((o) => o.t !== '-')!.bi : hunk[0]!.bi
    const aLen = hunk.filter((o) => o.t !== '+').length
    const bLen = hunk.filter((o) => o.t !== '-').length
    out.push(
      `@@ -${aLen ? aStart : aStart}${aLen === 1 ? '' : `,${aLen}`} +${bLen ? bStart : bStart}${bLen === 1 ? '' : `,${bLen}`} @@`,
    )
    for (const o of hunk) out.push(`${o.t}${o.line}`)
    k = end
  }
  return out.join('\n')
}
