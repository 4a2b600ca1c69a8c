/**
 * Lane shares (`budgetShare` in playbooks/lanes.yaml) as budgets: for every global budget and every lane
 * with a share > 0, a lane budget `<global>:<lane>` with the global's window and caps × share. They are
 * ordinary lane-scope budgets, so a reservation checks them in the same transaction as the global one.
 * A lane with share 0 (the default) has no cap of its own; a configured budget of the same name wins.
 */
import type { Lanes } from '../playbooks/load-lanes.js'
import type { Budget } from './parse-budgets.js'

export function laneShareBudgets(budgets: readonly Budget[], lanes: Lanes): Budget[] {
  const taken = new Set(budgets.map((b) => b.name))
  const out: Budget[] = []
  for (const g of budgets) {
    if (g.scope !== 'global') continue
    for (const lane of lanes.values()) {
      const name = `${g.name}:${lane.name}`
      if (!(lane.budgetShare > 0) || taken.has(name)) continue
      taken.add(name)
      out.push({
        ...g,
        name,
        scope: 'lane',
        match: lane.name,
        ...(g.tokens !== undefined ? { tokens: Math.floor(g.tokens * lane.budgetShare) } : {}),
        ...(g.cost !== undefined ? { cost: g.cost * lane.budgetShare } : {}),
      })
    }
  }
  return out
}
