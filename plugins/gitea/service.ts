/**
 * The `gitea` service (provided by plugins/gitea): a client factory built from the plugin's options
 * (`pluginOptions.gitea`). The token is discovered on first use (so `timmy serve` starts without one), kept in this
 * closure only, and never logged or put into an environment. The client's code is imported on its
 * first request (lazy-client.ts).
 */

import type { Logger } from '../../core/log.js'
import type { GiteaClient, GiteaClientOptions } from './client.js'
import type { GiteaConfig } from './config-schema.js'
import { discoverToken, scrubEnv } from './discover-token.js'
import { E } from './errors.js'
import { createLazyGiteaClient } from './lazy-client.js'

export interface GiteaService {
  /** A client for the configured server (cached); `overrides` build a fresh one (tests, other servers). */
  client(overrides?: Partial<GiteaClientOptions>): GiteaClient
  /** Where the token came from (a path or `config`); discovers it if needed. */
  tokenSource(): string
  /** The configured base URL (config or GITEA_URL), or undefined. */
  url(): string | undefined
  /** `env` without anything that carries the token: use it for every child process. */
  childEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /** Is Gitea there? GET /version once, no retries; resolves `{ version }` or throws the coded error. */
  ping(): Promise<{ version: string }>
}

export function createGiteaService(o: {
  /** The plugin's options (the receiver's `route` and `queueTask` are not the client's). */
  config: Omit<GiteaConfig, 'route' | 'queueTask'>
  hermesHome: string
  env?: NodeJS.ProcessEnv
  log?: Logger
}): GiteaService {
  const env = o.env ?? process.env
  let found: { token: string; source: string } | undefined
  let cached: GiteaClient | undefined
  let pinger: GiteaClient | undefined
  const token = () => {
    found ??= discoverToken({
      token: o.config.token,
      tokenFile: o.config.tokenFile,
      hermesHome: o.hermesHome,
      ...(env.HOME ? { home: env.HOME } : {}),
    })
    return found
  }
  const url = () => o.config.url ?? (env.GITEA_URL?.trim() || undefined)
  const build = (overrides: Partial<GiteaClientOptions> = {}) => {
    const base = overrides.url ?? url()
    if (!base) throw E.GITEA_NO_URL()
    return createLazyGiteaClient({
      url: base,
      token: overrides.token ?? token().token,
      timeoutMs: o.config.timeoutMs,
      retry: o.config.retry,
      writesPerMinute: o.config.writesPerMinute,
      pageConcurrency: o.config.pageConcurrency,
      ...(o.log ? { log: o.log } : {}),
      ...overrides,
    })
  }
  return {
    client(overrides) {
      if (overrides) return build(overrides)
      cached ??= build()
      return cached
    },
    async ping() {
      pinger ??= build({ retry: { attempts: 1 } })
      return (await pinger.request<{ version: string }>({ method: 'GET', path: '/version' })).data
    },
    tokenSource: () => token().source,
    url,
    childEnv(e = process.env) {
      let t = ''
      try {
        t = token().token
      } catch {
        // no token: nothing to scrub beyond the usual names
      }
      return scrubEnv(e, t)
    },
  }
}
