import { dirname } from 'node:path'
import { type LoadedPlaybook, loadPlaybookFile } from '../load-playbook.js'
import { fileStamp } from './file-stamp.js'
import { loadLanesCached } from './load-lanes-cached.js'
import { resolvePlaybookRef } from './resolve-playbook-ref.js'
import type { PlaybooksState } from './service-state.js'
import { stubCatalog } from './stub-catalog.js'

/** Load a playbook by name or path, cached per file version and set of stubbed uses. */
export async function loadPlaybookCached(
  state: PlaybooksState,
  ref: string,
  opts: { stubbed?: readonly string[] } = {},
): Promise<LoadedPlaybook> {
  const file = resolvePlaybookRef(state, ref)
  const stubbed = opts.stubbed ?? []
  const s = `${fileStamp(file)}|${stubbed.join(',')}`
  const hit = state.cache.get(file)
  if (hit && hit.stamp === s) return hit.pb
  const pb = loadPlaybookFile(file, {
    lanes: loadLanesCached(state, dirname(file)),
    catalog: await stubCatalog(state, stubbed),
    ...(stubbed.length ? {} : { handled: new Set(state.host.effects.keys()) }),
  })
  state.cache.set(file, { stamp: s, pb })
  return pb
}
