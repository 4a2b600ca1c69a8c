/**
 * The catalogue of steps the loaded plugins offer: `<plugin>/<step>` → the steps module URL and the
 * export. Built once per host by importing each plugin's steps module on the main thread (the worker
 * imports it again). A step function may declare its contract (defineStep, or properties on the
 * function): `inputs` (TypeBox schema of `with:`), `outputs` (schema of its output) and `effects` (the
 * kinds it may return), which `timmy validate` checks playbooks against.
 */

import type { TSchema } from '@sinclair/typebox'
import { reasonOf } from '../../core/errors.js'
import { importSteps, stepsModuleUrl } from '../../core/import-steps.js'

export { importSteps, listSteps, stepsModuleUrl } from '../../core/import-steps.js'

export interface StepInfo {
  use: string
  plugin: string
  name: string
  /** file: URL of the steps module, as the worker imports it. */
  module: string
  /** Effect kinds the step declares it may produce. */
  effects?: readonly string[]
  /** Schema of its `with:`, when declared. */
  inputs?: TSchema
  /** Schema of its output, when declared. */
  outputs?: TSchema
}

export interface StepCatalog {
  get(use: string): StepInfo | undefined
  /** Plugins that offer steps, with their step names (or the load error of their steps module). */
  plugins: ReadonlyMap<string, { steps: string[]; error?: string }>
}

export interface PluginWithSteps {
  name: string
  steps?: URL | string
}

export async function buildStepCatalog(plugins: readonly PluginWithSteps[]): Promise<StepCatalog> {
  const steps = new Map<string, StepInfo>()
  const byPlugin = new Map<string, { steps: string[]; error?: string }>()
  for (const p of plugins) {
    if (!p.steps) continue
    const module = stepsModuleUrl(p.steps)
    try {
      const mod = await importSteps(module)
      const names = Object.keys(mod).filter((k) => k !== 'default' && typeof mod[k] === 'function')
      byPlugin.set(p.name, { steps: names })
      for (const name of names) {
        const { effects, inputs, outputs } = mod[name] as Record<string, unknown>
        steps.set(`${p.name}/${name}`, {
          use: `${p.name}/${name}`,
          plugin: p.name,
          name,
          module,
          ...(Array.isArray(effects) ? { effects: effects.map(String) } : {}),
          ...(isSchema(inputs) ? { inputs } : {}),
          ...(isSchema(outputs) ? { outputs } : {}),
        })
      }
    } catch (err) {
      byPlugin.set(p.name, { steps: [], error: reasonOf(err).split('\n')[0] })
    }
  }
  return { get: (use) => steps.get(use), plugins: byPlugin }
}

function isSchema(v: unknown): v is TSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A catalogue with extra entries layered on top (test-playbooks stubs). */
export function overlayCatalog(base: StepCatalog, extra: ReadonlyMap<string, StepInfo>): StepCatalog {
  const plugins = new Map(base.plugins)
  for (const info of extra.values()) {
    const entry = plugins.get(info.plugin) ?? { steps: [] }
    if (!entry.steps.includes(info.name)) plugins.set(info.plugin, { steps: [...entry.steps, info.name] })
  }
  return { get: (use) => extra.get(use) ?? base.get(use), plugins }
}
