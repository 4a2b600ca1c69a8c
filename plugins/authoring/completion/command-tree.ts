/** The whole command tree (built-ins and plugin commands) as plain data, for shell completion. */
import type { CommandSpec, OptionSpecs } from '../../../core/cli/command-spec.js'

export interface FlagNode {
  flag: string
  short?: string
  takesValue: boolean
  choices?: readonly string[]
  description: string
}

export interface CommandNode {
  name: string
  summary: string
  flags: FlagNode[]
  subcommands: CommandNode[]
}

export function flagsOf(options: OptionSpecs | undefined): FlagNode[] {
  return Object.entries(options ?? {}).map(([name, o]) => ({
    flag: `--${name}`,
    ...(o.short ? { short: `-${o.short}` } : {}),
    takesValue: o.type === 'string',
    ...(o.choices ? { choices: o.choices } : {}),
    description: o.description,
  }))
}

export function nodeOf(name: string, spec: CommandSpec): CommandNode {
  return {
    name,
    summary: spec.summary,
    flags: flagsOf(spec.options),
    subcommands: Object.entries(spec.subcommands ?? {}).map(([sub, s]) => ({
      name: sub,
      summary: s.summary,
      flags: flagsOf(s.options),
      subcommands: [],
    })),
  }
}
