/** A Markdown table of pairs per key. */
export const countTable = (title: string, counts: Record<string, number>) =>
  [
    `| ${title} | pairs |`,
    '| --- | ---: |',
    ...Object.entries(counts).map(([k, n]) => `| ${k} | ${n} |`),
  ].join('\n')
