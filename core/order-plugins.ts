/** Order plugins so each comes after its dependencies; a missing dependency or a cycle is a coded error. */
import type { FoundPlugin } from './discover-plugins.js'
import { E } from './errors.js'

export function orderPlugins(plugins: readonly FoundPlugin[]): FoundPlugin[] {
  const byName = new Map(plugins.map((p) => [p.plugin.name, p]))
  for (const p of plugins) {
    for (const dep of p.plugin.dependencies ?? []) {
      if (!byName.has(dep)) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: p.plugin.name, dependency: dep })
    }
  }
  const out: FoundPlugin[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (p: FoundPlugin, trail: string[]) => {
    const name = p.plugin.name
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting')
      throw E.PLUGIN_DEPENDENCY_CYCLE({ cycle: [...trail, name].join(' → ') })
    state.set(name, 'visiting')
    const deps = [...(p.plugin.dependencies ?? []), ...(p.plugin.optionalDependencies ?? []).filter((d) => byName.has(d))]
    for (const dep of deps) visit(byName.get(dep)!, [...trail, name])
    state.set(name, 'done')
    out.push(p)
  }
  for (const p of plugins) visit(p, [])
  return out
}
