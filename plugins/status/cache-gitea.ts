/**
 * The Gitea section, reused for `ttlMs` (pluginOptions.status.giteaTtlMs): the status page needs no
 * secret, so without this every GET would ask Gitea (up to ~43 calls) with timmy's token. One refresh at a
 * time; callers during a refresh wait for it. A failed read is kept for the TTL too (Gitea is not asked
 * again at once).
 */
import type { GiteaSection } from './types.js'

export interface GiteaCache {
  get(now: number): Promise<GiteaSection>
}

export function cacheGitea(read: () => Promise<GiteaSection>, ttlMs: number): GiteaCache {
  let at = Number.NEGATIVE_INFINITY
  let value: Promise<GiteaSection> | undefined
  let inFlight: Promise<GiteaSection> | undefined
  return {
    get(now) {
      if (inFlight) return inFlight
      if (value && now - at < ttlMs) return value
      const started = read()
      inFlight = started
      const settle = () => {
        value = started
        at = now
        inFlight = undefined
      }
      started.then(settle, settle)
      return started
    },
  }
}
