/** The pipeline's one setting read from Hermes (the caller, plugins/provenance, passes the others). */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'

/** Hermes' `privacy.redact_pii` from `$HERMES_HOME/config.yaml` (false when absent or unreadable). */
export function hermesRedactPii(hermesHome: string): boolean {
  const file = join(hermesHome, 'config.yaml')
  if (!existsSync(file)) return false
  try {
    const cfg = parse(readFileSync(file, 'utf8')) as { privacy?: { redact_pii?: unknown } } | null
    return cfg?.privacy?.redact_pii === true
  } catch {
    return false
  }
}
