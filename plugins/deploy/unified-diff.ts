/**
 * A unified diff of two texts for `timmy deploy --diff`, through jsdiff (`diff`, Myers' O(ND) line
 * diff: a one-line change in a big file costs about what `diff -u` costs). Both texts are compared as
 * lines; a missing final newline is not reported.
 */
import { structuredPatch } from 'diff'

export function unifiedDiff(
  path: string,
  before: string | undefined,
  after: string | undefined,
  context = 3,
): string {
  if (before === after) return ''
  const lines = (text: string | undefined) => (text ? `${text.replace(/\n$/, '')}\n` : '')
  const patch = structuredPatch(`a/${path}`, `b/${path}`, lines(before), lines(after), undefined, undefined, {
    context,
  })
  if (!patch.hunks.length) return ''
  const out = [
    `--- ${before === undefined ? '/dev/null' : `a/${path}`}`,
    `+++ ${after === undefined ? '/dev/null' : `b/${path}`}`,
  ]
  for (const h of patch.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`)
    for (const line of h.lines) if (!line.startsWith('\\')) out.push(line)
  }
  return out.join('\n')
}

/** `start,count` as diff -u writes it: the count left out when 1; an empty side starts at the line before. */
function range(start: number, count: number): string {
  if (count === 0) return `${Math.max(0, start - 1)},0`
  return count === 1 ? String(start) : `${start},${count}`
}
