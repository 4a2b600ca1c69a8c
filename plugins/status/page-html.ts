/** HTML pieces of the status page: escaped values, tables (readable without JavaScript), plot slots, section frames. */

export const esc = (v: unknown) =>
  String(v).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

export function table(id: string, head: string[], rows: unknown[][]): string {
  if (!rows.length) return `<p class="empty" id="${id}">none</p>`
  return `<table id="${id}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td data-value="${esc(c)}">${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

export const plot = (id: string, title: string) =>
  `<figure class="plot" id="${id}"><figcaption>${esc(title)}</figcaption></figure>`

const failed = (s: { error?: string } | undefined) =>
  s?.error !== undefined ? `<p class="error">unavailable: ${esc(s.error)}</p>` : ''

/** A section's parts: heading, the error when its source failed, else `body`; none when the source is absent. */
export function section<T extends { error?: string }>(
  id: string,
  title: string,
  s: T | undefined,
  body: (s: Exclude<T, { error: string }>) => string[],
): string[] {
  if (!s) return []
  return [
    `<section id="${id}"><h2>${title}</h2>`,
    failed(s),
    ...(s.error === undefined ? body(s as Exclude<T, { error: string }>) : []),
    '</section>',
  ]
}
