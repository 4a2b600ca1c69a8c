/** The context a built-in command runs with: lazy config and host, print helpers. */

import type { Host } from '../host.js'
import type { CliContext } from './command.js'

export function makeContext(
  configPath: string | undefined,
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
  json: boolean,
  debug: boolean,
  onHost: (h: Host) => void,
): Omit<CliContext, 'values' | 'positionals' | 'argv'> {
  let configPromise: ReturnType<CliContext['config']> | undefined
  const config: CliContext['config'] = () => {
    configPromise ??= import('../config/load-config.js').then(({ loadConfig }) =>
      loadConfig(configPath ? { configPath } : {}),
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
