/** A sortable run id: the UTC time to the second and six random hex digits. */
export function newRunId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  return `${t}-${Math.random().toString(16).slice(2, 8)}`
}
