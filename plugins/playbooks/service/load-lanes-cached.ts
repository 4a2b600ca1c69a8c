import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Lanes, loadLanesFile } from '../load-lanes.js'
import { fileStamp } from './file-stamp.js'
import type { PlaybooksState } from './service-state.js'

/** The lanes of a folder's lanes.yaml, cached per file version. */
export function loadLanesCached(state: PlaybooksState, dir: string): Lanes {
  const file = join(dir, 'lanes.yaml')
  const s = existsSync(file) ? fileStamp(file) : 'missing'
  const hit = state.laneCache.get(dir)
  if (hit && hit.stamp === s) return hit.lanes
  const loaded = loadLanesFile(file)
  state.laneCache.set(dir, { stamp: s, lanes: loaded })
  return loaded
}
