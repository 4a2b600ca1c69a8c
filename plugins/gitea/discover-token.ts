/**
 * Find the Gitea token. Order: the options `token` (inline) or `tokenFile` when configured; otherwise
 * `$HERMES_HOME/gitea_token`, `$HERMES_HOME/gitea_token_vps`, `~/.config/gitea/token` — the first that
 * exists wins. A token file readable by group or others is refused (chmod 600). The token is returned,
 * never logged, and never put into any environment.
 */
import { readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { reasonOf } from '../../core/errors.js'
import { E } from './errors.js'

export interface FoundToken {
  token: string
  /** Where it came from: a file path, or `config`. Safe to show. */
  source: string
}

export interface DiscoverTokenOptions {
  token?: string | undefined
  tokenFile?: string | undefined
  hermesHome: string
  /** The user's home (for ~/.config/gitea/token); default os.homedir() / $HOME. */
  home?: string
}

export function tokenCandidates(opts: DiscoverTokenOptions): string[] {
  const home = opts.home ?? process.env.HOME ?? homedir()
  return [
    join(opts.hermesHome, 'gitea_token'),
    join(opts.hermesHome, 'gitea_token_vps'),
    join(home, '.config', 'gitea', 'token'),
  ]
}

export function discoverToken(opts: DiscoverTokenOptions): FoundToken {
  if (opts.token !== undefined && opts.token.trim() !== '')
    return { token: opts.token.trim(), source: 'config' }
  if (opts.tokenFile)
    return { token: readTokenFile(resolve(expandHome(opts.tokenFile, opts.home))), source: opts.tokenFile }
  const candidates = tokenCandidates(opts)
  for (const file of candidates) {
    let exists = true
    try {
      statSync(file)
    } catch {
      exists = false
    }
    if (exists) return { token: readTokenFile(file), source: file }
  }
  throw E.GITEA_NO_TOKEN({ tried: candidates.join(', ') }, { exitCode: 1 })
}

function readTokenFile(file: string): string {
  let mode: number
  try {
    mode = statSync(file).mode
  } catch (err) {
    throw E.GITEA_TOKEN_UNREADABLE({ file, reason: reasonOf(err) }, { exitCode: 1 })
  }
  if (mode & 0o077) {
    throw E.GITEA_TOKEN_INSECURE({ file, mode: (mode & 0o777).toString(8).padStart(3, '0') }, { exitCode: 1 })
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw E.GITEA_TOKEN_UNREADABLE({ file, reason: reasonOf(err) }, { exitCode: 1 })
  }
  const token = text.trim()
  if (token === '' || /\s/.test(token))
    throw E.GITEA_TOKEN_UNREADABLE(
      { file, reason: 'it must hold exactly one token on one line' },
      { exitCode: 1 },
    )
  return token
}

function expandHome(p: string, home?: string): string {
  const h = home ?? process.env.HOME ?? homedir()
  return p === '~' || p.startsWith('~/') ? join(h, p.slice(1)) : p
}

/** A copy of `env` without any variable whose value holds the token (for child processes). */
export function scrubEnv(env: NodeJS.ProcessEnv, token: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && token !== '' && v.includes(token)) continue
    if (/^(GITEA_TOKEN|GITEA_ACCESS_TOKEN)$/i.test(k)) continue
    out[k] = v
  }
  return out
}
