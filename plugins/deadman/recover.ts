/**
 * The recovery actions themselves, run after the tick's transaction committed: the restart argv
 * (never a shell string) and the once-per-incident rollback of the Hermes overlay.
 */
import { reasonOf } from '../../core/errors.js'
import { E } from './errors.js'
import type { WizardTuning } from './options.js'
import { pickRollback } from './pick-rollback.js'
import { describeResult, runArgv } from './run-argv.js'
import type { TickContext } from './tick.js'
import type { ActionRecord, TickReport } from './types.js'

export async function restartWizard(
  ctx: TickContext,
  w: WizardTuning,
  action: ActionRecord,
  report: TickReport,
): Promise<void> {
  const argv = w.restart!
  const res = await runArgv(argv, {
    timeoutMs: ctx.tuning.commandTimeoutMs,
    childEnv: ctx.childEnv,
    ...(w.env ? { env: w.env } : {}),
  })
  const replace = (rec: ActionRecord) => {
    const i = report.actions.findIndex((a) => a.id === rec.id)
    if (i >= 0) report.actions[i] = rec
  }
  if (res.code === 0) {
    replace(await ctx.ds.finishAction(action.id, 'ok', { ...action.detail, code: 0 }))
    await setError(ctx, w.name, null)
    return
  }
  const err = res.notFound
    ? E.DEADMAN_RESTART_NOT_FOUND({ wizard: w.name, command: argv[0]! }, { exitCode: 1 })
    : E.DEADMAN_RESTART_FAILED(
        { wizard: w.name, command: argv.join(' '), reason: describeResult(res) },
        { exitCode: 1 },
      )
  replace(
    await ctx.ds.finishAction(action.id, 'failed', {
      ...action.detail,
      code: res.code,
      signal: res.signal,
      error: err.code,
      message: err.bare,
    }),
  )
  ctx.log.error({ code: err.code, wizard: w.name }, err.bare)
  report.errors.push({ wizard: w.name, code: err.code, message: err.bare })
  await setError(ctx, w.name, err.code)
}

async function setError(ctx: TickContext, wizard: string, code: string | null): Promise<void> {
  await ctx.ds.transaction(async (tx) => {
    const r = await tx.get(wizard)
    if (!r || r.lastError === code) return
    if (code === null && !/RESTART|NO_RESTART/.test(r.lastError ?? '')) return
    r.lastError = code
    await tx.save(r)
  })
}

/**
 * Roll the overlay back to the newest known-good generation never rolled away from; the generation
 * left is remembered first, so it is never re-deployed by deadman (no cycling). Returns whether the
 * overlay was (or, in a dry run, would be) rolled back.
 */
export async function rollbackOverlay(
  ctx: TickContext,
  wizard: string,
  incident: number | null,
  now: number,
  alreadyBy: string | undefined,
  report: TickReport,
): Promise<boolean> {
  const { ds, tuning, log } = ctx
  const dryRun = tuning.dryRun
  const record = async (outcome: ActionRecord['outcome'], detail: Record<string, unknown>) => {
    const a = await ds.action(wizard, now, 'rollback', dryRun, outcome, detail, incident)
    report.actions.push(a)
    return a
  }
  if (alreadyBy) {
    await record(dryRun ? 'planned' : 'ok', {
      skipped: `the overlay was already rolled back in this tick for ${alreadyBy}`,
    })
    return false
  }
  const deploy = ctx.deploy()
  if (!deploy) {
    await record('failed', { reason: 'no deploy service is loaded' })
    log.warn({ wizard }, 'deadman: rollback wanted but no deploy service is loaded')
    return false
  }
  let pick: { from: number; to: number } | undefined
  try {
    pick = pickRollback(await deploy.generations(), await ds.rolledAway())
  } catch (err) {
    await record('failed', { reason: `listing generations failed: ${reasonOf(err)}` })
    return false
  }
  if (!pick) {
    await record('failed', { reason: 'no known-good generation that was never rolled away from' })
    log.warn({ wizard }, 'deadman: no generation to roll back to')
    return false
  }
  await ds.transaction((tx) => tx.recordRollback(incident, pick.from, pick.to, wizard, now, dryRun))
  if (dryRun) {
    await record('planned', { from: pick.from, to: pick.to })
    log.warn({ wizard, ...pick }, 'deadman would roll the overlay back (dry run)')
    return true
  }
  const a = await record('running', { from: pick.from, to: pick.to })
  try {
    await deploy.rollback(pick.to)
    const done = await ds.finishAction(a.id, 'ok', { from: pick.from, to: pick.to })
    report.actions[report.actions.findIndex((x) => x.id === a.id)] = done
    log.warn({ wizard, ...pick }, 'deadman rolled the overlay back')
    return true
  } catch (err) {
    const e = E.DEADMAN_ROLLBACK_FAILED(
      { wizard, generation: pick.to, reason: reasonOf(err) },
      { cause: err, exitCode: 1 },
    )
    const done = await ds.finishAction(a.id, 'failed', {
      from: pick.from,
      to: pick.to,
      error: e.code,
      message: e.bare,
    })
    report.actions[report.actions.findIndex((x) => x.id === a.id)] = done
    report.errors.push({ wizard, code: e.code, message: e.bare })
    log.error({ code: e.code, wizard }, e.bare)
    return false
  }
}
