/** The `authoring` plugin's CLI commands: summaries, and modules imported only when a command is used. */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  init: {
    summary: 'Start a project in this (empty) folder: config, lanes, a playbook with a fixture',
    load: () => import('./init.js'),
  },
  completion: {
    summary: 'Print a shell completion script: bash, zsh or fish',
    load: () => import('./completion.js'),
  },
  new: {
    summary: 'Scaffold a plugin or a playbook (with a fixture) in this project',
    load: () => import('./new.js'),
  },
}
