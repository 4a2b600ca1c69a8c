/**
 * The schema a file names for itself: `# yaml-language-server: $schema=…/<kind>.schema.json` in its
 * first lines, or a top-level `$schema` key. Returns `<kind>` (e.g. `playbook`, `lanes`, `timmy.config`),
 * which decides the file's kind before its shape does.
 */
import type { YamlSource } from './yaml-source.js'

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m

export function schemaHint(source: Pick<YamlSource, 'text' | 'value'>): string | undefined {
  const head = source.text.slice(0, 2000)
  const url =
    MODELINE.exec(head)?.[1] ??
    (isMapping(source.value) && typeof source.value.$schema === 'string' ? source.value.$schema : undefined)
  return url ? /([^/\\]+)\.schema\.json$/.exec(url)?.[1] : undefined
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
