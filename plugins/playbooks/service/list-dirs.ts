import type { PlaybooksState } from './service-state.js'

/** The folders searched by name, in order: the project's, then timmy's shipped playbooks. */
export function listDirs(state: PlaybooksState): string[] {
  const { options, projectDir } = state
  return [
    projectDir,
    ...(options.builtinDir && options.builtinDir !== projectDir ? [options.builtinDir] : []),
  ]
}
