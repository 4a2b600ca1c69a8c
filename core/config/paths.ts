/** Where timmy and Hermes keep their state. Env vars win over config; defaults are ~/.timmy and ~/.hermes. */
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { E } from '../errors.js'

export interface Paths {
  /** `$TIMMY_HOME` (default ~/.timmy). */
  home: string
  /** `$HERMES_HOME` (default ~/.hermes). */
  hermesHome: string
  /** The SQLite store (default `$TIMMY_HOME/timmy.db`). */
  store: string
  /** Drop-in plugins folder: `$TIMMY_HOME/plugins`. */
  plugins: string
  /** The config file this process loaded (absolute), if any: deploy pins it for `timmy mcp`. */
  config?: string
  /** The project folder: the config's folder, else the nearest one up the tree with playbooks/lanes.yaml. */
  project?: string
}

export function resolvePaths(
  config: { home?: string; hermesHome?: string; store?: { path?: string } },
  env: NodeJS.ProcessEnv = process.env,
  base = process.cwd(),
): Paths {
  const pick = (name: string, fromConfig: string | undefined, fallback: string): string => {
    const fromEnv = env[name]
    if (fromEnv !== undefined) {
      if (fromEnv.trim() === '')
        throw E.CONFIG_BAD_ENV({ name, reason: 'it is set but empty; unset it or give a folder' })
      return resolve(base, expandHome(fromEnv))
    }
    return resolve(base, expandHome(fromConfig ?? fallback))
  }
  const home = pick('TIMMY_HOME', config.home, join(homedir(), '.timmy'))
  const hermesHome = pick('HERMES_HOME', config.hermesHome, join(homedir(), '.hermes'))
  const storePath = config.store?.path
  const store = storePath
    ? isAbsolute(storePath)
      ? storePath
      : resolve(home, expandHome(storePath))
    : join(home, 'timmy.db')
  return { home, hermesHome, store, plugins: join(home, 'plugins') }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p
}
