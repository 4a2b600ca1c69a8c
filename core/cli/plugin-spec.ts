/** A plugin's command (core/plugin.ts PluginCommand) as a command spec: the same help as a built-in. */
import type { PluginCommand } from '../plugin.js'
import type { CommandSpec } from './command-spec.js'

export function pluginSpec(command: PluginCommand, plugin: string): CommandSpec {
  const [summary = '', ...more] = command.description.split('\n')
  const description = [trimLines(more.join('\n')), trimLines(command.usage ?? ''), `(from plugin ${plugin})`]
    .filter(Boolean)
    .join('\n\n')
  return {
    summary,
    keepLines: true,
    description,
    ...(command.args ? { args: command.args } : {}),
    ...(command.options ? { options: command.options } : {}),
    ...(command.subcommands ? { subcommands: command.subcommands } : {}),
  }
}

/** Without leading and trailing blank lines (an indented first line keeps its indent). */
function trimLines(text: string): string {
  return text.replace(/^\s*\n/, '').trimEnd()
}
