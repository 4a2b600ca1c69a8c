import { existsSync, statSync } from 'node:fs'
import { basename, isAbsolute, join, resolve } from 'node:path'
import { didYouMean } from '../../../core/did-you-mean.js'
import { E } from '../errors.js'
import { listDirs } from './list-dirs.js'
import { listPlaybookFiles } from './list-playbook-files.js'
import type { PlaybooksState } from './service-state.js'

/** A file path or a playbook name → the file; a coded error with a suggestion when none is found. */
export function resolvePlaybookRef(state: PlaybooksState, ref: string): string {
  const asPath = isAbsolute(ref) ? ref : resolve(state.cwd, ref)
  if (/[/\\]|\.ya?ml$/i.test(ref) || existsSync(asPath)) {
    if (!existsSync(asPath) || statSync(asPath).isDirectory())
      throw E.PLAYBOOK_NOT_FOUND({ name: ref, searched: asPath })
    return asPath
  }
  for (const d of listDirs(state)) {
    for (const ext of ['.yaml', '.yml']) {
      const file = join(d, `${ref}${ext}`)
      if (existsSync(file)) return file
    }
  }
  throw E.PLAYBOOK_NOT_FOUND({
    name: ref,
    searched: listDirs(state).join(', '),
    suggestion: didYouMean(
      ref,
      listPlaybookFiles(state).map((f) => basename(f).replace(/\.ya?ml$/i, '')),
    ),
  })
}
