/** The static part of `timmy skin` (help, subcommands, options): the CLI reads it without importing the command's body. */
import type { PluginCommand } from '../../core/plugin.js'

export const skinCommandSpec: Omit<PluginCommand, 'run'> = {
  description: 'List, validate and preview Hermes skins (skins/*.yaml)',
  usage: 'timmy skin list [--json] | timmy skin validate [name|file…] [--json] | timmy skin preview <name>',
  subcommands: {
    list: { summary: 'every skin: its name and file' },
    validate: {
      summary: 'check skins by name or file (default: every skin); exit 2 when one is invalid',
      args: '[names...]',
    },
    preview: {
      summary: 'show how a skin looks: banner, colours, prompt',
      args: '<name>',
      options: {
        width: {
          type: 'string',
          value: 'columns',
          description: 'the width to draw it in (default: the terminal)',
        },
      },
    },
  },
}
