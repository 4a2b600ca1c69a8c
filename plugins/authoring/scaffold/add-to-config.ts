import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Add a plugin path to `plugins: [...]` of timmy.config.ts, when the array is written out there. */
export function addToConfig(cwd: string, ref: string): boolean {
  const file = join(cwd, 'timmy.config.ts')
  if (!existsSync(file)) return false
  const text = readFileSync(file, 'utf8')
  const m = /^(\s*)plugins:\s*\[([^\]]*)\]/m.exec(text)
  if (!m) return false
  const items = m[2]!.trim().replace(/,$/, '')
  const next = `${m[1]}plugins: [${items ? `${items}, ` : ''}'${ref}']`
  writeFileSync(file, text.slice(0, m.index) + next + text.slice(m.index + m[0].length))
  return true
}
