import { basename } from 'node:path'
import type { PlaybookListing } from '../service.js'
import { listPlaybookFiles } from './list-playbook-files.js'
import { loadPlaybookCached } from './load-playbook-cached.js'
import type { PlaybooksState } from './service-state.js'

/** Every playbook file with its name, lane, trigger and step count, or the error loading it raised. */
export async function listPlaybooks(state: PlaybooksState): Promise<PlaybookListing[]> {
  const out: PlaybookListing[] = []
  for (const file of listPlaybookFiles(state)) {
    try {
      const pb = await loadPlaybookCached(state, file)
      out.push({ name: pb.name, file, lane: pb.lane.name, on: pb.on, steps: pb.steps.length })
    } catch (err) {
      const e = err as {
        code?: string
        bare?: string
        message: string
        loc?: { line?: number; col?: number }
      }
      out.push({
        name: basename(file).replace(/\.ya?ml$/i, ''),
        file,
        error: {
          code: e.code ?? 'unknown',
          message: e.bare ?? e.message,
          line: e.loc?.line,
          col: e.loc?.col,
        },
      })
    }
  }
  return out
}
