/** commander's parse errors as timmy's coded usage errors (exit 2), with its did-you-mean kept. */
import type { CommanderError } from 'commander'
import { E, type TimmyError } from '../errors.js'

/** undefined when the "error" is help or the version having been printed (exit 0). */
export function fromCommanderError(
  err: CommanderError,
  path: string[],
  subs: string[],
): TimmyError | undefined {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return undefined
  const text = err.message.replace(/^error: /, '')
  const suggestion = /\(Did you mean (?:one of )?([^?]+)\?\)/.exec(text)?.[1]
  const reason = text.replace(/\s*\(Did you mean [^)]*\)/, '').replace(/\.$/, '')
  const said = suggestion ? ` (did you mean "${suggestion}"?)` : ''
  const command = path.join(' ')
  if (err.code === 'commander.unknownCommand') {
    const name = /unknown command '([^']*)'/.exec(text)?.[1] ?? ''
    if (path.length === 0) return E.CLI_UNKNOWN_COMMAND({ name, ...(suggestion ? { suggestion } : {}) })
    return E.CLI_BAD_ARGS({
      command,
      reason: `unknown subcommand "${name}"${said}; one of ${subs.join(', ')}`,
    })
  }
  if (err.code === 'commander.help')
    return E.CLI_BAD_ARGS({ command, reason: `name a subcommand (${subs.join(', ')})` })
  if (err.code === 'commander.unknownOption') {
    const flag = /unknown option '([^']*)'/.exec(text)?.[1] ?? ''
    return E.CLI_BAD_ARGS({ command, reason: `unknown option "${flag}"${said}` })
  }
  return E.CLI_BAD_ARGS({ command, reason: `${reason}${said}` })
}
