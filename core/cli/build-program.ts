/**
 * The command tree as commander sees it: the program with the global options, and one command per
 * spec (core/cli/command-spec.ts). Help, suggestions and parsing come from commander; what a command
 * receives is timmy's: values by long flag name, positionals (a subcommand's name first).
 */
import { Command, Option } from 'commander'
import type { CommandSpec, OptionSpec, OptionSpecs, SubcommandSpec } from './command-spec.js'
import { helpWidth, paint } from './terminal.js'
import { wrapText } from './wrap-text.js'

export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>
export interface Chosen {
  path: string[]
  values: Values
  positionals: string[]
}

export const GLOBAL_OPTIONS: OptionSpecs = {
  config: {
    type: 'string',
    short: 'c',
    value: 'path',
    description: 'the config file (default: timmy.config.* in this folder or the nearest parent)',
  },
  json: { type: 'boolean', description: 'machine-readable output where the command has it' },
  wide: { type: 'boolean', description: 'print tables whole instead of fitting them to $COLUMNS' },
  debug: { type: 'boolean', description: 'show the stack of an error' },
  version: { type: 'boolean', short: 'v', description: 'print the version' },
}

export function createProgram(io: { stdout: NodeJS.WritableStream }, color: boolean): Command {
  const program = new Command('timmy')
  program
    .description('timmy — the policy sidecar for a fleet of Hermes coding agents.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: () => {},
      outputError: () => {},
      getOutHelpWidth: () => helpWidth(),
      getErrHelpWidth: () => helpWidth(),
      getOutHasColors: () => color,
      getErrHasColors: () => false,
    })
    .configureHelp({
      showGlobalOptions: true,
      subcommandTerm: (cmd) => [cmd.name(), ...cmd.registeredArguments.map(argTerm)].join(' '),
      boxWrap: wrapText,
      styleTitle: (s) => paint('bold', s),
      styleCommandText: (s) => paint('bold', s),
    })
    .helpOption('-h, --help', 'show help for timmy or a command')
    .addHelpCommand('help [command]', 'show help for a command')
  addOptions(program, GLOBAL_OPTIONS)
  return program
}

/** A command shown in lists only (its module is loaded when it is the one that runs). */
export function addStub(parent: Command, name: string, summary: string): void {
  parent.command(name).summary(summary).description(summary).allowUnknownOption().allowExcessArguments()
}

/**
 * A command with everything it declares. `onRun` receives what it was called with; `passThrough`
 * (a plugin command that declares no options or subcommands) accepts any argument.
 */
export function addSpec(
  parent: Command,
  name: string,
  spec: CommandSpec,
  onRun: (chosen: Chosen) => void,
  passThrough = false,
): Command {
  const cmd = parent.command(name).summary(spec.summary)
  const text = [spec.summary, spec.description].filter(Boolean).join('\n\n')
  cmd.description(spec.keepLines ? text : reflow(text))
  addOptions(cmd, spec.options ?? {})
  if (passThrough) {
    cmd.allowUnknownOption().allowExcessArguments().argument('[args...]')
    cmd.action(() => onRun({ path: [name], values: valuesOf([cmd], [{}]), positionals: cmd.args }))
    return cmd
  }
  const subs = Object.entries(spec.subcommands ?? {})
  if (!subs.length) {
    addArgs(cmd, spec.args)
    cmd.action(() =>
      onRun({ path: [name], values: valuesOf([cmd], [spec.options ?? {}]), positionals: cmd.args }),
    )
    return cmd
  }
  for (const [subName, sub] of subs) addSub(cmd, name, spec, subName, sub, onRun)
  return cmd
}

function addSub(
  parent: Command,
  name: string,
  spec: CommandSpec,
  subName: string,
  sub: SubcommandSpec,
  onRun: (chosen: Chosen) => void,
): void {
  const cmd = parent.command(subName).description(sub.summary)
  addOptions(cmd, sub.options ?? {})
  addArgs(cmd, sub.args)
  cmd.action(() =>
    onRun({
      path: [name, subName],
      values: valuesOf([parent, cmd], [spec.options ?? {}, sub.options ?? {}]),
      positionals: [subName, ...cmd.args],
    }),
  )
}

function addArgs(cmd: Command, args: string | undefined): void {
  for (const arg of (args ?? '').split(/\s+/).filter(Boolean)) cmd.argument(arg)
}

function argTerm(arg: { name(): string; required: boolean; variadic: boolean }): string {
  const text = `${arg.name()}${arg.variadic ? '...' : ''}`
  return arg.required ? `<${text}>` : `[${text}]`
}

function addOptions(cmd: Command, options: OptionSpecs): void {
  for (const [name, spec] of Object.entries(options)) cmd.addOption(toOption(name, spec))
}

function toOption(name: string, spec: OptionSpec): Option {
  const value = spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : ''
  const option = new Option(`${spec.short ? `-${spec.short}, ` : ''}--${name}${value}`, spec.description)
  if (spec.choices) option.choices(spec.choices)
  if (spec.multiple) option.argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v])
  return option
}

/** Values by long flag name, from the command and its parents (the program's globals included). */
function valuesOf(chain: Command[], specs: OptionSpecs[]): Values {
  const values: Values = {}
  let top: Command = chain[0]!
  while (top.parent) top = top.parent
  const all: [Command, OptionSpecs][] = [
    [top, GLOBAL_OPTIONS],
    ...chain.map((c, i) => [c, specs[i]!] as [Command, OptionSpecs]),
  ]
  for (const [cmd, options] of all) {
    for (const name of Object.keys(options)) {
      const option = cmd.options.find((o) => o.long === `--${name}`)
      if (!option) continue
      const v = cmd.getOptionValue(option.attributeName()) as Values[string]
      if (name.startsWith('no-')) values[name] = v === false ? true : undefined
      else if (v !== undefined) values[name] = v
    }
  }
  return values
}

/**
 * Prose lines joined into paragraphs, so help wraps them to the terminal; indented lines, blank
 * lines and lines that start with "Exit" keep their own line.
 */
export function reflow(text: string): string {
  const out: string[] = []
  for (const line of text.split('\n')) {
    const prev = out[out.length - 1]
    if (prev && line && !/^\s/.test(line) && !/^\s/.test(prev) && !/^Exit/.test(line))
      out[out.length - 1] = `${prev} ${line}`
    else out.push(line)
  }
  return out.join('\n')
}
