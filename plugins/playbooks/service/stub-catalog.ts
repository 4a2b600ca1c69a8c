import { overlayCatalog, type StepCatalog, type StepInfo } from '../step-catalog.js'
import { getCatalog } from './get-catalog.js'
import type { PlaybooksState } from './service-state.js'

/** The step catalog plus a stub entry for every stubbed `plugin/name` use it does not know. */
export async function stubCatalog(state: PlaybooksState, stubbed: readonly string[]): Promise<StepCatalog> {
  const base = await getCatalog(state)
  if (!stubbed.length) return base
  const extra = new Map<string, StepInfo>()
  for (const use of stubbed) {
    if (!use.includes('/') || base.get(use)) continue
    const [plugin, name] = use.split('/') as [string, string]
    extra.set(use, { use, plugin, name, module: 'stub:' })
  }
  return overlayCatalog(base, extra)
}
