/**
 * Order plugins so each comes after its dependencies and after the providers of the services it
 * `needs` or `optionalNeeds`; a missing dependency, a needed service no plugin provides, or a cycle is
 * a coded error.
 */
import type { FoundPlugin } from './discover-plugins.js'
import { E } from './errors.js'

export function orderPlugins(plugins: readonly FoundPlugin[]): FoundPlugin[] {
  const byName = new Map(plugins.map((p) => [p.plugin.name, p]))
  for (const p of plugins) {
    for (const dep of p.plugin.dependencies ?? []) {
      if (!byName.has(dep)) throw E.PLUGIN_MISSING_DEPENDENCY({ plugin: p.plugin.name, dependency: dep })
    }
  }
  const providers = new Map<string, string>()
  for (const p of plugins) for (const s of p.plugin.provides ?? []) providers.set(s, p.plugin.name)
  for (const p of plugins) {
    for (const need of p.plugin.needs ?? []) {
      if (!providers.has(need)) throw E.SERVICE_MISSING({ plugin: p.plugin.name, service: need })
    }
  }
  const providerOf = (services: readonly string[] | undefined) =>
    (services ?? []).map((s) => providers.get(s)).filter((n): n is string => n !== undefined)
  const out: FoundPlugin[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (p: FoundPlugin, trail: string[]) => {
    const name = p.plugin.name
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting')
      throw E.PLUGIN_DEPENDENCY_CYCLE({ cycle: [...trail, name].join(' → ') })
    state.set(name, 'visiting')
    const deps = [
      ...(p.plugin.dependencies ?? []),
      ...(p.plugin.optionalDependencies ?? []).filter((d) => byName.has(d)),
      ...providerOf(p.plugin.needs),
      ...providerOf(p.plugin.optionalNeeds),
    ].filter((d) => d !== name)
    for (const dep of deps) visit(byName.get(dep)!, [...trail, name])
    state.set(name, 'done')
    out.push(p)
  }
  for (const p of plugins) visit(p, [])
  return out
}
