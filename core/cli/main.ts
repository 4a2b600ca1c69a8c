/**
 * `timmy` — parse global flags, find the command (built-in, or contributed by a plugin), run it, and
 * turn errors into exit codes: a coded error prints its message (no stack unless --debug) and exits
 * with its exit code (2 for usage/input errors); anything else is an internal error, exit 1.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { didYouMean } from '../did-you-mean.js'
import { E, reasonOf, TimmyError } from '../errors.js'
import type { Host } from '../host.js'
import type { CliCommand, CliContext, Options } from './command.js'
import { commands } from './commands.js'

const GLOBAL: Options = {
  config: { type: 'string', short: 'c' },
  debug: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
}

export interface CliIo {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
}

export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const debug = argv.includes('--debug') || process.env.TIMMY_DEBUG === '1'
  const json = argv.includes('--json')
  let host: Host | undefined
  try {
    let name = firstPositional(argv)
    if (name === 'help') return main(['--help', ...argv.filter((a) => a !== 'help')], io)
    if (name === 'version') name = undefined
    if (!name) {
      const pre = parseArgs({ args: argv, options: GLOBAL, strict: false, allowPositionals: true })
      if (pre.values.version || firstPositional(argv) === 'version') {
        const { timmyVersion } = await import('../version.js')
        io.stdout.write(`${timmyVersion()}\n`)
        return 0
      }
      const unknown = argv.find(
        (a, i) =>
          a.startsWith('-') &&
          !/^--?(help|h|debug|json|config|c|version|v)$/.test(a) &&
          !['--config', '-c'].includes(argv[i - 1] ?? ''),
      )
      if (unknown)
        throw E.CLI_BAD_ARGS({
          command: '',
          reason: `unknown option "${unknown}" (give a command first, e.g. "timmy serve --port 8080")`,
        })
      io.stdout.write(await globalHelp(argv))
      return pre.values.help ? 0 : 2
    }
    const rest = argv.filter((a, i) => !(a === name && i === argv.indexOf(name)))
    const builtin = commands[name]
    const ctx = makeContext(argv, io, json, debug, (h) => {
      host = h
    })
    if (builtin) {
      const command = (await builtin.load()).default
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout.write(commandHelp(command))
        return 0
      }
      const parsed = parse(name, command.options ?? {}, command.positionals ?? false, rest)
      return await command.run({ ...ctx, values: parsed.values, positionals: parsed.positionals })
    }
    // A command contributed by a plugin: boot the host and look it up.
    const pre = parseArgs({ args: rest, options: GLOBAL, strict: false, allowPositionals: true })
    const h = await ctx.host({ logLevel: 'warn' })
    const found = h.commands.get(name)
    if (!found) {
      throw E.CLI_UNKNOWN_COMMAND({
        name,
        suggestion: didYouMean(name, [...Object.keys(commands), ...h.commands.keys()]),
      })
    }
    if (pre.values.help) {
      io.stdout.write(`${found.command.usage ?? `timmy ${name}`}\n\n${found.command.description}\n`)
      return 0
    }
    // The host already read --config; plugin commands get their own arguments only.
    const own = rest.filter(
      (a, i) =>
        a !== '--json' &&
        a !== '--debug' &&
        a !== '--config' &&
        a !== '-c' &&
        !(i > 0 && (rest[i - 1] === '--config' || rest[i - 1] === '-c')),
    )
    const code = await found.command.run({
      argv: own,
      host: h,
      json,
      stdout: io.stdout,
      stderr: io.stderr,
    })
    return code ?? 0
  } catch (err) {
    return report(err, io.stderr, debug, json, io.stdout)
  } finally {
    if (host) {
      try {
        await host.close('exit')
      } catch (err) {
        report(err, io.stderr, debug, false, io.stdout)
      }
    }
  }
}

function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') return argv[i + 1]
    if (a === '--config' || a === '-c') {
      i++
      continue
    }
    if (!a.startsWith('-')) return a
  }
  return undefined
}

function parse(name: string, options: Options, positionals: boolean, args: string[]) {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL, ...options },
      allowPositionals: positionals,
      strict: true,
    } as ParseArgsConfig) as {
      values: CliContext['values']
      positionals: string[]
    }
  } catch (err) {
    throw E.CLI_BAD_ARGS({ command: name, reason: reasonOf(err).replace(/\.$/, '') })
  }
}

function makeContext(
  argv: string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
  json: boolean,
  debug: boolean,
  onHost: (h: Host) => void,
): Omit<CliContext, 'values' | 'positionals'> {
  const argvConfig = (() => {
    const i = argv.findIndex((a) => a === '--config' || a === '-c')
    return i >= 0 ? argv[i + 1] : undefined
  })()
  let configPromise: ReturnType<CliContext['config']> | undefined
  const config: CliContext['config'] = () => {
    configPromise ??= import('../config/load-config.js').then(({ loadConfig }) =>
      loadConfig(argvConfig ? { configPath: argvConfig } : {}),
    )
    return configPromise
  }
  return {
    json,
    debug,
    stdout: io.stdout,
    stderr: io.stderr,
    config,
    async host(options = {}) {
      const loaded = await config()
      const [{ createHost }, { createLogger }] = await Promise.all([
        import('../host.js'),
        import('../log.js'),
      ])
      const level = process.env.TIMMY_LOG_LEVEL ?? options.logLevel ?? loaded.config.log.level
      const log = await createLogger(level, io.stderr)
      const paths = options.paths ? { ...loaded.paths, ...options.paths } : loaded.paths
      const h = await createHost({ loaded: { ...loaded, paths }, log })
      onHost(h)
      return h
    },
    print(text) {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    },
    printJson(value) {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
    },
  }
}

function report(
  err: unknown,
  stderr: NodeJS.WriteStream,
  debug: boolean,
  json: boolean,
  stdout: NodeJS.WriteStream,
): number {
  if (err instanceof TimmyError) {
    if (json) stdout.write(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`)
    stderr.write(`timmy: ${err.message}\n`)
    if (debug && err.stack)
      stderr.write(`${err.stack}\n${err.cause instanceof Error ? `caused by: ${err.cause.stack}\n` : ''}`)
    return err.exitCode
  }
  const wrapped = E.CLI_INTERNAL({ reason: reasonOf(err) }, { cause: err, exitCode: 1 })
  stderr.write(`timmy: ${wrapped.message}\n`)
  if (debug && err instanceof Error) stderr.write(`${err.stack}\n`)
  return 1
}

function commandHelp(command: CliCommand): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary]
  if (command.description) lines.push('', command.description)
  const opts = Object.entries(command.options ?? {})
  lines.push('', 'Options:')
  for (const [flag, o] of opts) {
    lines.push(`  --${flag}${o.type === 'string' ? ' <value>' : ''}${o.short ? `, -${o.short}` : ''}`)
  }
  lines.push('  --config, -c <path>   config file (default: search timmy.config.* in the current folder)')
  lines.push('  --json                machine-readable output')
  lines.push('  --debug               show stacks of errors')
  lines.push('  --help, -h            this help')
  return `${lines.join('\n')}\n`
}

async function globalHelp(argv: string[]): Promise<string> {
  const lines = [
    'timmy — the policy sidecar for a fleet of Hermes coding agents.',
    '',
    'Usage: timmy <command> [options]',
    '',
    'Commands:',
  ]
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(18)} ${c.summary}`)
  // Commands contributed by plugins (best effort: a broken config must not hide the help).
  try {
    const { loadConfig } = await import('../config/load-config.js')
    const { createHost } = await import('../host.js')
    const { silentLogger } = await import('../log.js')
    const i = argv.findIndex((a) => a === '--config' || a === '-c')
    const loaded = await loadConfig(i >= 0 && argv[i + 1] ? { configPath: argv[i + 1]! } : {})
    const h = await createHost({ loaded, log: silentLogger })
    for (const [name, c] of h.commands)
      lines.push(`  ${name.padEnd(18)} ${c.command.description.split('\n')[0]} (plugin ${c.plugin})`)
    await h.close('help')
  } catch {}
  lines.push(
    '',
    'Global options:',
    '  --config, -c <path>   config file (default: search timmy.config.* in the current folder)',
    '  --json                machine-readable output where a command supports it',
    '  --debug               show stacks of errors',
    '  --version, -v         print the version',
    '  --help, -h            help for timmy or a command (timmy <command> --help)',
    '',
    'Environment: TIMMY_HOME (default ~/.timmy), HERMES_HOME (default ~/.hermes), TIMMY_LOG_LEVEL.',
    'Exit codes: 0 ok, 1 a check or step failed, 2 invalid usage or input.',
  )
  return `${lines.join('\n')}\n`
}
