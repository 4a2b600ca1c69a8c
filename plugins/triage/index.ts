/**
 * The triage plugin: rules that label, prioritise, route (assign by lane) and comment; periodic sweeps
 * for stale and orphaned work with a ceiling per run, dry by default (`--confirm` to change Gitea).
 * Without configured rules it uses ./default-rules.ts; `timmy doctor` warns while scheduled sweeps
 * are dry.
 */
import type { DoctorCheck } from '../../core/doctor-check.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import type { CompiledRules } from './compile-rules.js'
import { TriageOptionsSchema } from './options.js'
import type { SweepResult } from './run-sweep.js'

export interface TriageService {
  /** Plan (confirm: false) or apply one sweep. */
  sweep(options?: {
    confirm?: boolean
    ceiling?: number
    repos?: string[]
    now?: number
    only?: 'rules' | 'stale' | 'orphans'
  }): Promise<SweepResult>
  /** The rules in force, compiled on the first call (a bad rules file rejects with its coded error). */
  rules(): Promise<CompiledRules | undefined>
  /** `timmy doctor` lines: a warning while scheduled sweeps are dry or have no repositories. */
  doctor(): DoctorCheck[]
}

export default definePlugin({
  name: 'triage',
  version: '1.0.0',
  provides: ['triage'],
  description: 'Triage rules, stale and orphaned-work sweeps with a ceiling, dry by default',
  options: TriageOptionsSchema,
  optionalDependencies: ['gitea', 'playbooks'],
  steps: new URL('./steps.js', import.meta.url),
  commands,
  async setup(host, options) {
    const { setupTriage } = await import('./setup.js')
    return setupTriage(host, options)
  },
})
