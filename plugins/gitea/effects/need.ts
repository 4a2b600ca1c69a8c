import type { Effect } from '../../../core/hooks.js'
import { E } from '../errors.js'

/** Refuse a malformed effect with GITEA_BAD_EFFECT naming what is wrong. */
export function need(effect: Effect, ok: boolean, reason: string): void {
  if (!ok) throw E.GITEA_BAD_EFFECT({ kind: effect.kind, reason }, { exitCode: 1 })
}
