/** Read `lanes.yaml`: which agent works each lane, with what model, toolsets, concurrency, repos, budget share. */
import { existsSync } from 'node:fs'
import { Value } from '@sinclair/typebox/value'
import { checkSchema } from '../../core/config/check-schema.js'
import { loadYamlFile, type YamlSource } from '../../core/config/yaml-source.js'
import { E } from './errors.js'
import { matchLaneRepo } from './match-lane-repo.js'
import { type Lane, LaneSchema, LanesFileSchema } from './schema.js'

export type Lanes = ReadonlyMap<string, Lane>

export function loadLanesFile(file: string): Lanes {
  if (!existsSync(file)) throw E.PLAYBOOK_LANES_NOT_FOUND({ path: file }, { loc: { file } })
  return parseLanes(loadYamlFile(file))
}

export function parseLanes(source: YamlSource): Lanes {
  // TypeBox does not apply defaults inside a Record: fill each lane's defaults first.
  const raw = source.value as { lanes?: unknown }
  const value =
    raw && typeof raw === 'object' && raw.lanes && typeof raw.lanes === 'object' && !Array.isArray(raw.lanes)
      ? {
          ...raw,
          lanes: Object.fromEntries(
            Object.entries(raw.lanes).map(([k, v]) => [
              k,
              v && typeof v === 'object' && !Array.isArray(v) ? Value.Default(LaneSchema, Value.Clone(v)) : v,
            ]),
          ),
        }
      : raw
  const doc = checkSchema(LanesFileSchema, value, { locate: source.locate })
  const lanes = new Map<string, Lane>()
  let total = 0
  for (const [name, lane] of Object.entries(doc.lanes)) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      throw E.PLAYBOOK_BAD_LANE_NAME({ lane: name }, { loc: source.locate(['lanes', name], 'key') })
    total += lane.budgetShare
    lanes.set(name, { ...lane, name })
  }
  if (total > 1 + 1e-9)
    throw E.PLAYBOOK_BUDGET_SHARES(
      { total: Math.round(total * 1000) / 1000 },
      { loc: source.locate(['lanes']) },
    )
  return lanes
}

/** Whether the lane may touch `repo` (owner/name); no repo (a manual or scheduled run) is allowed. */
export function laneAllows(lane: Pick<Lane, 'repos'>, repo: string | undefined): boolean {
  return !repo || matchLaneRepo(lane.repos, repo)
}
