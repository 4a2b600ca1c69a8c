/** `timmy completion bash|zsh|fish`: print a shell completion script for every command timmy has here. */

import { defineCommand } from '../../../core/cli/command.js'
import type { CommandNode } from '../completion/command-tree.js'
import type { Shell } from '../completion/completion-script.js'

export default defineCommand({
  summary: 'Print a shell completion script: bash, zsh or fish',
  args: '<shell>',
  description:
    'The script completes commands, subcommands, flags and flag values, from the commands timmy has ' +
    "here (plugin commands of this folder's config included).\n\n" +
    'bash:  eval "$(timmy completion bash)"   (or save it under ~/.local/share/bash-completion/completions/timmy)\n' +
    'zsh:   eval "$(timmy completion zsh)"\n' +
    'fish:  timmy completion fish > ~/.config/fish/completions/timmy.fish',
  keepLines: true,
  async run(ctx) {
    const { GLOBAL_OPTIONS } = await import('../../../core/cli/build-program.js')
    const { commands } = await import('../../../core/cli/commands.js')
    const { reasonOf } = await import('../../../core/errors.js')
    const { flagsOf, nodeOf } = await import('../completion/command-tree.js')
    const { completionScript, SHELLS } = await import('../completion/completion-script.js')
    const shell = ctx.positionals[0] as Shell
    if (!SHELLS.includes(shell)) {
      const { E } = await import('../../../core/errors.js')
      throw E.CLI_BAD_ARGS({
        command: 'completion',
        reason: `the shell must be ${SHELLS.join(', ')}, not "${shell}"`,
      })
    }
    const nodes: CommandNode[] = []
    for (const [name, c] of Object.entries(commands)) nodes.push(nodeOf(name, (await c.load()).default))
    try {
      const host = await ctx.host({ logLevel: 'silent' })
      for (const [name, c] of host.lazyCommands) nodes.push(nodeOf(name, (await c.entry.load()).default))
    } catch (err) {
      ctx.stderr.write(`timmy: plugin commands left out (the config did not load: ${reasonOf(err)})\n`)
    }
    nodes.push({ name: 'help', summary: 'show help for a command', flags: [], subcommands: [] })
    ctx.stdout.write(completionScript(shell, nodes, flagsOf(GLOBAL_OPTIONS)))
    return 0
  },
})
