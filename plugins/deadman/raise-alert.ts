/**
 * Alert a human: always logged; also a Gitea issue or comment as an effect (`gitea.issue` /
 * `gitea.comment`, applied by the gitea plugin) when `alert.repo` is set. One issue per incident: a
 * later alert of the same incident comments on the issue the first one opened. With `alert.issue`
 * every alert is a comment there. In a dry run the effect is only recorded.
 */
import type { Effect } from '../../core/hooks.js'
import type { Logger } from '../../core/log.js'
import type { EffectHandler } from '../../core/plugin.js'
import type { DeadmanStore, DeadmanTx } from './deadman-store.js'
import type { DeadmanOptions } from './options.js'
import type { ActionRecord } from './types.js'

export interface AlertInput {
  wizard: string
  at: number
  code: string
  title: string
  message: string
  incident: number | null
}

export function alertEffect(a: AlertInput, alert: DeadmanOptions['alert']): Effect | undefined {
  if (!alert.repo) return undefined
  const body = `${a.message}\n\n(code \`${a.code}\`, wizard \`${a.wizard}\`, at ${new Date(a.at).toISOString()}; sent by timmy deadman)`
  return alert.issue
    ? { kind: 'gitea.comment', repo: alert.repo, issue: alert.issue, body }
    : { kind: 'gitea.issue', repo: alert.repo, title: a.title, body }
}

/** Record the alert in transaction `tx`; returns a function that delivers it after the commit (through `ds`). */
export async function recordAlert(
  tx: DeadmanTx,
  ds: DeadmanStore,
  a: AlertInput,
  opts: { dryRun: boolean; alert: DeadmanOptions['alert']; log: Logger },
): Promise<{
  record: ActionRecord
  deliver: (handlers: ReadonlyMap<string, { handler: EffectHandler }>) => Promise<ActionRecord>
}> {
  const effect = alertEffect(a, opts.alert)
  const detail = { code: a.code, title: a.title, message: a.message, ...(effect ? { effect } : {}) }
  const record = await tx.action(
    a.wizard,
    a.at,
    'alert',
    opts.dryRun,
    opts.dryRun ? 'planned' : 'running',
    detail,
    a.incident,
  )
  opts.log.error({ code: a.code, wizard: a.wizard, dryRun: opts.dryRun }, a.message)
  const deliver = async (
    handlers: ReadonlyMap<string, { handler: EffectHandler }>,
  ): Promise<ActionRecord> => {
    if (opts.dryRun) return record
    const sent = effect ? await followUp(ds, effect, a.incident) : undefined
    const handler = sent ? handlers.get(sent.kind) : undefined
    if (!sent || !handler) return ds.finishAction(record.id, 'ok', { ...detail, delivered: 'log' })
    try {
      const result = await handler.handler(sent, { dryRun: false })
      return await ds.finishAction(record.id, 'ok', {
        ...detail,
        effect: sent,
        delivered: sent.kind,
        result: result ?? null,
      })
    } catch (err) {
      opts.log.warn(
        { wizard: a.wizard, kind: sent.kind, err: (err as Error).message },
        'deadman alert effect failed',
      )
      return ds.finishAction(record.id, 'failed', {
        ...detail,
        delivered: 'log',
        error: (err as Error).message,
      })
    }
  }
  return { record, deliver }
}

/** A `gitea.issue` of an incident that already has its alert issue becomes a comment on that issue. */
async function followUp(ds: DeadmanStore, effect: Effect, incident: number | null): Promise<Effect> {
  if (effect.kind !== 'gitea.issue' || incident === null) return effect
  const opened = await ds.alertIssueOf(incident)
  if (!opened) return effect
  return { kind: 'gitea.comment', repo: opened.repo, issue: opened.issue, body: effect.body }
}
