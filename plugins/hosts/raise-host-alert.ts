/**
 * Alert a human about a silent host the way deadman alerts about a silent wizard: always logged (as
 * an error with its code); also a Gitea issue (`gitea.issue`, or a comment with `alert.issue`) applied
 * through the gitea plugin's effect handler when an alert repo is set — the hosts plugin's `alert`,
 * else deadman's `alert`. The caller has already claimed the silence, so this runs once per silence.
 */
import type { Effect } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { DeadmanOptions } from '../deadman/options.js'
import { E } from './errors.js'
import type { HostsOptions } from './options.js'
import type { HostAlert, HostRow } from './types.js'

type AlertTarget = NonNullable<HostsOptions['alert']>

/** The hosts plugin's `alert`, else deadman's (the same shape), else none. */
export function alertTarget(host: Pick<PluginHost, 'config'>, options: HostsOptions): AlertTarget {
  if (options.alert) return options.alert
  const deadman = host.config.pluginOptions?.deadman as Partial<DeadmanOptions> | undefined
  return deadman?.alert ?? {}
}

export async function raiseHostAlert(
  host: Pick<PluginHost, 'log' | 'applyEffect' | 'handlesEffect'>,
  row: HostRow,
  at: number,
  target: AlertTarget,
): Promise<HostAlert> {
  const err = E.HOSTS_SILENT({
    host: row.id,
    seconds: Math.round((at - row.beatAt) / 1000),
    at: new Date(row.beatAt).toISOString(),
  })
  const alert: HostAlert = { host: row.id, at, code: err.code, message: err.bare, delivered: 'log' }
  host.log.error({ code: err.code, host: row.id, hostname: row.hostname }, err.bare)
  const effect = alertEffect(row, alert, target)
  if (!effect || !host.handlesEffect(effect.kind)) return alert
  try {
    await host.applyEffect(effect)
    alert.delivered = effect.kind
  } catch (e) {
    alert.error = (e as Error).message
    host.log.warn({ host: row.id, kind: effect.kind, err: alert.error }, 'hosts alert effect failed')
  }
  return alert
}

function alertEffect(row: HostRow, a: HostAlert, target: AlertTarget): Effect | undefined {
  if (!target.repo) return undefined
  const body = `${a.message}\n\n(code \`${a.code}\`, host \`${row.id}\` on ${row.hostname}, pid ${row.pid}, timmy ${row.version}, at ${new Date(a.at).toISOString()}; sent by timmy hosts)`
  return target.issue
    ? { kind: 'gitea.comment', repo: target.repo, issue: target.issue, body }
    : { kind: 'gitea.issue', repo: target.repo, title: `timmy host ${row.id} is silent`, body }
}
