import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { YamlSource } from '../../../core/config/yaml-source.js'
import { TimmyError } from '../../../core/errors.js'
import { E } from '../errors.js'
import type { Lanes } from '../load-lanes.js'
import { parsePlaybook } from '../load-playbook.js'
import { getCatalog } from './get-catalog.js'
import { loadLanesCached } from './load-lanes-cached.js'
import type { PlaybooksState } from './service-state.js'

/** Check one playbook file (`timmy validate`): every problem, in the order found, and its warnings. */
export async function checkPlaybook(
  state: PlaybooksState,
  source: YamlSource,
): Promise<{ errors: TimmyError[]; warnings: string[] }> {
  // lanes.yaml beside the playbook, else the project's; an invalid one is reported once, by its own check
  const dir = [dirname(source.file), state.projectDir].find((d) => existsSync(join(d, 'lanes.yaml')))
  if (!dir)
    return {
      errors: [
        E.PLAYBOOK_LANES_NOT_FOUND(
          { path: join(dirname(source.file), 'lanes.yaml') },
          { loc: source.locate(['lane']) },
        ),
      ],
      warnings: [],
    }
  let ls: Lanes | undefined
  try {
    ls = loadLanesCached(state, dir)
  } catch (err) {
    if (!(err instanceof TimmyError)) throw err
  }
  const errors: TimmyError[] = []
  try {
    const pb = parsePlaybook(source, {
      lanes: ls,
      catalog: await getCatalog(state),
      handled: new Set(state.host.effects.keys()),
      problems: errors,
    })
    return { errors, warnings: pb.warnings }
  } catch (err) {
    if (!(err instanceof TimmyError)) throw err
    return { errors: errors.length ? errors : [err], warnings: [] }
  }
}
