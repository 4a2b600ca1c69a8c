/**
 * Similarity of an answer to a reference: ROUGE-L F1 over word tokens (lower-cased runs of letters
 * and digits). LCS length by dynamic programming over two rows; both texts are cut to their first
 * `MAX_TOKENS` tokens so a long answer costs at most MAX_TOKENS² steps. 1 = same token sequence,
 * 0 = no token in common in order. F1 = 2·P·R/(P+R), P = LCS/|answer|, R = LCS/|reference|.
 */
export const MAX_TOKENS = 2000

export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TOKENS)
}

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0
  let prev = new Uint16Array(b.length + 1)
  let cur = new Uint16Array(b.length + 1)
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1]
    for (let j = 1; j <= b.length; j++)
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!)
    ;[prev, cur] = [cur, prev]
  }
  return prev[b.length]!
}

export function rougeL(answer: string, reference: string): number {
  const a = tokens(answer)
  const r = tokens(reference)
  const lcs = lcsLength(a, r)
  if (lcs === 0) return 0
  const p = lcs / a.length
  const rec = lcs / r.length
  return (2 * p * rec) / (p + rec)
}
