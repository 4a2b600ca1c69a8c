/** Settings of the pipeline: the provenance plugin's options, Hermes' `privacy.redact_pii`, paths. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { parse } from 'yaml'
import { ProvenanceOptions, type ProvenanceSettings } from '../plugins/provenance/index.js'

export function defaultSettings(): ProvenanceSettings {
  return Value.Default(ProvenanceOptions, {}) as ProvenanceSettings
}

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
