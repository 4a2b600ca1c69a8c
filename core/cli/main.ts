/**
 * `timmy` — find the command (built-in, or contributed by a plugin), parse its arguments through
 * commander (core/cli/build-program.ts), run it, and turn errors into exit codes: a coded error prints
 * its message (no stack unless --debug) and exits with its exit code (2 for usage/input errors);
 * anything else is an internal error, exit 1. Only the command that runs is imported.
 */
import { CommanderError } from 'commander'
import { E, reasonOf, TimmyError } from '../errors.js'
import type { Host } from '../host.js'
import type { LazyCommand } from '../plugin.js'
import { addSpec, addStub, type Chosen, createProgram } from './build-program.js'
import type { CliContext } from './command.js'
import type { CommandSpec } from './command-spec.js'
import { fromCommanderError } from './commander-error.js'
import { commands } from './commands.js'
import { makeContext } from './make-context.js'
import { builtinPluginCommands, type PluginCommands } from './plugin-commands.js'
import { paint, setWide, useColor } from './terminal.js'

export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
}

const FOOTER = `
Environment: TIMMY_HOME (default ~/.timmy), HERMES_HOME (default ~/.hermes),
TIMMY_LOG_LEVEL, TIMMY_LOG_FORMAT (json|pretty), COLUMNS, NO_COLOR, FORCE_COLOR.
Exit codes: 0 ok, 1 a check or step failed, 2 invalid usage or input.`

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const debug = argv.includes('--debug') || process.env.TIMMY_DEBUG === '1'
  const json = argv.includes('--json')
  setWide(argv.includes('--wide'))
  let host: Host | undefined
  try {
    const name = firstOperand(argv)
    if (name === 'help') {
      const at = argv.indexOf('help')
      const rest = argv.filter((_, i) => i !== at)
      return main([...rest, '--help'], io)
    }
    if ((!name && (argv.includes('--version') || argv.includes('-v'))) || name === 'version') {
      const { timmyVersion } = await import('../version.js')
      io.stdout.write(`${timmyVersion()}\n`)
      return 0
    }
    const configPath = configOf(argv)
    const ctx = makeContext(configPath, io, json, debug, (h) => {
      host = h
    })
    const program = createProgram(io, useColor(io.stdout))
    program.addHelpText('after', FOOTER)
    let chosen: Chosen | undefined
    const onRun = (c: Chosen) => {
      chosen = c
    }
    // Core's commands, then the built-in plugins' declared ones (found without booting anything);
    // a name neither knows boots the host for drop-ins' and the config's plugins.
    const builtinPlugins = !name || !commands[name] ? await builtinPluginCommands() : undefined
    let owner = name && !commands[name] ? builtinPlugins?.get(name)?.plugin : undefined
    let entry: LazyCommand | undefined = name
      ? (commands[name] ?? builtinPlugins?.get(name)?.entry)
      : undefined
    let pluginHost: Host | undefined
    if (name && !entry) {
      pluginHost = await ctx.host({ logLevel: 'warn' })
      const declared = pluginHost.lazyCommands.get(name)
      if (declared) {
        ;({ entry, plugin: owner } = declared)
        await pluginHost.close('exit')
        pluginHost = undefined
      }
    }
    const others = name ? undefined : await declaredElsewhere(configPath)
    const spec: CommandSpec | undefined = entry ? await loadCommand(entry, name!, owner) : undefined
    const listed = new Set<string>()
    const list = (n: string, summary: string) => {
      if (listed.has(n)) return
      listed.add(n)
      if (n === name && spec) addSpec(program, n, spec, onRun, spec.passThrough)
      else addStub(program, n, summary)
    }
    for (const [n, c] of Object.entries(commands)) list(n, c.summary)
    for (const [n, c] of builtinPlugins ?? []) list(n, `${c.entry.summary} (plugin ${c.plugin})`)
    for (const [n, c] of others ?? pluginHost?.lazyCommands ?? [])
      list(n, `${c.entry.summary} (plugin ${c.plugin})`)
    if (name && spec) list(name, spec.summary) // a drop-in's, found by booting the host
    if (!name && !argv.some((a) => a === '--help' || a === '-h')) {
      io.stdout.write(program.helpInformation())
      io.stdout.write(`${FOOTER}\n`)
      return 2
    }
    const subs = Object.keys(spec?.subcommands ?? {})
    try {
      await program.parseAsync(argv, { from: 'user' })
    } catch (err) {
      if (!(err instanceof CommanderError)) throw err
      const path = name && spec ? [name, ...pathTail(argv, name, subs)] : []
      const coded = fromCommanderError(err, path, subs)
      if (!coded) return 0
      throw coded
    }
    if (!chosen || !name) return 0
    if (!entry) return 0
    const command = await loadCommand(entry, name, owner)
    const run = owner ? refuseDisabled(ctx, name, owner) : ctx
    return await command.run({
      ...run,
      argv: ownArgs(argv, name),
      values: chosen.values,
      positionals: chosen.positionals,
    })
  } catch (err) {
    return report(err, io, debug, json)
  } finally {
    if (host) {
      try {
        await host.close('exit')
      } catch (err) {
        report(err, io, debug, false)
      }
    }
  }
}

/** A plugin's command whose plugin the config disables stops as soon as it reads the config (a command that reads none, like `timmy hook`, stays light). */
function refuseDisabled<C extends Pick<CliContext, 'config' | 'host'>>(
  ctx: C,
  name: string,
  owner: string,
): C {
  const config: CliContext['config'] = async () => {
    const loaded = await ctx.config()
    if (loaded.config.disabledPlugins.includes(owner)) throw E.CLI_UNKNOWN_COMMAND({ name, disabled: owner })
    return loaded
  }
  return { ...ctx, config, host: async (options) => (await config(), ctx.host(options)) }
}

/** A declared command's module: its default export must be a command (a run function). */
async function loadCommand(entry: LazyCommand, name: string, owner: string | undefined) {
  const command = (await entry.load())?.default
  if (typeof command?.run !== 'function' || typeof command.summary !== 'string')
    throw E.PLUGIN_INVALID({
      source: owner ? `plugin ${owner}` : name,
      reason: `the module of command "${name}" must default-export defineCommand({ summary, run })`,
    })
  return command
}

/**
 * The commands of drop-ins and of the config's plugins, for the command list: their modules are
 * imported, none is set up (best effort: a broken config or plugin must not hide the help).
 */
async function declaredElsewhere(configPath: string | undefined): Promise<PluginCommands | undefined> {
  try {
    const { loadConfig } = await import('../config/load-config.js')
    const { pluginsBeyondBuiltins } = await import('./plugin-commands.js')
    return await pluginsBeyondBuiltins(await loadConfig(configPath ? { configPath } : {}))
  } catch {
    return undefined
  }
}

const VALUED = new Set(['--config', '-c'])

function firstOperand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') return argv[i + 1]
    if (VALUED.has(a)) {
      i++
      continue
    }
    if (!a.startsWith('-')) return a
  }
  return undefined
}

function pathTail(argv: string[], name: string, subs: string[]): string[] {
  const after = argv.slice(argv.indexOf(name) + 1).filter((a) => !a.startsWith('-'))
  return after[0] && subs.includes(after[0]) ? [after[0]] : []
}

function configOf(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => VALUED.has(a))
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith('--config='))?.slice('--config='.length)
}

/** A plugin command's own arguments: everything after its name but the global flags. */
function ownArgs(argv: string[], name: string): string[] {
  const rest = argv.filter((a, i) => !(a === name && i === argv.indexOf(name)))
  return rest.filter(
    (a, i) =>
      !['--json', '--debug', '--wide'].includes(a) &&
      !VALUED.has(a) &&
      !a.startsWith('--config=') &&
      !(i > 0 && VALUED.has(rest[i - 1]!)),
  )
}

function report(err: unknown, io: CliIo, debug: boolean, json: boolean): number {
  const prefix = paint(['bold', 'red'], 'timmy:', io.stderr)
  if (err instanceof TimmyError) {
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`)
    io.stderr.write(`${prefix} ${err.message}\n`)
    if (debug && err.stack)
      io.stderr.write(`${err.stack}\n${err.cause instanceof Error ? `caused by: ${err.cause.stack}\n` : ''}`)
    return err.exitCode
  }
  const wrapped = E.CLI_INTERNAL({ reason: reasonOf(err) }, { cause: err, exitCode: 1 })
  io.stderr.write(`${prefix} ${wrapped.message}\n`)
  if (debug && err instanceof Error) io.stderr.write(`${err.stack}\n`)
  return 1
}
