/** The state-log plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import { STAGE } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { StateLogOptionsSchema } from './options.js'

const tap = { name: 'state-log', stage: STAGE.report }

export function setupStateLog(host: PluginHost, options: Static<typeof StateLogOptionsSchema>): void {
  tapStateChanges(host)
  tapDriftWatch(host, options.driftCheckSeconds)
}

/** Wizard state changes, vetoed steps and runs, deploys and rollbacks. */
function tapStateChanges(host: PluginHost): void {
  host.hooks.wizardState.tap(tap, (e) => {
    const reason = e.reason ? ` (${e.reason})` : ''
    if (e.detector)
      host.log.info(
        { wizard: e.wizard, state: e.state, detector: e.detector },
        `wizard ${e.wizard}: ${e.detector} raised${reason}`,
      )
    else if (e.previous !== undefined && e.previous !== e.state)
      host.log.info(
        { wizard: e.wizard, from: e.previous, to: e.state },
        `wizard ${e.wizard}: ${e.previous} → ${e.state}${reason}`,
      )
  })
  host.hooks.afterStep.tap(tap, (r) => {
    if (r.dryRun || r.outcome !== 'vetoed') return
    const by = r.vetoedBy ?? 'a plugin'
    host.log.info(
      { runId: r.runId, playbook: r.playbook, step: r.stepId, by, reason: r.reason },
      `veto: playbook ${r.playbook} step ${r.stepId} vetoed by ${by}: ${r.reason ?? 'no reason given'}`,
    )
  })
  // A run vetoed before any step (beforeRun); a step's veto was logged by its step.
  host.hooks.afterRun.tap(tap, (r) => {
    if (r.dryRun || r.outcome !== 'vetoed' || r.steps.some((s) => s.outcome === 'vetoed')) return
    host.log.info(
      { runId: r.runId, playbook: r.playbook, reason: r.reason },
      `veto: playbook ${r.playbook} run vetoed: ${r.reason}`,
    )
  })
  host.hooks.afterDeploy.tap(tap, (r) => {
    if (r.dryRun) return
    if (r.outcome === 'rolled-back')
      host.log.info(
        { from: r.from, to: r.generation },
        `rollback: generation ${String(r.from ?? '-')} → ${r.generation}`,
      )
    else
      host.log.info(
        { generation: r.generation, outcome: r.outcome, files: r.files.length },
        `deploy: generation ${r.generation} ${r.outcome} (${r.files.length} files)`,
      )
  })
}

/** In `timmy serve`: drift appearing or clearing, checked every `driftCheckSeconds`. */
function tapDriftWatch(host: PluginHost, driftCheckSeconds: number): void {
  host.hooks.serve.tapPromise(tap, async () => {
    if (!driftCheckSeconds) return
    let last: string | undefined
    const check = async () => {
      const deploy = host.maybeUse('deploy')
      if (!deploy) return
      let items: string[]
      try {
        items = (await deploy.freshness()).drift.map((d) => `${d.kind} ${d.id}`)
      } catch {
        return
      }
      const key = items.join('\n')
      if (last !== undefined && key !== last)
        host.log.info(
          { drift: items },
          items.length ? `drift: ${items.length} item(s): ${items.slice(0, 3).join(', ')}` : 'drift cleared',
        )
      else if (last === undefined && items.length)
        host.log.info({ drift: items }, `drift: ${items.length} item(s): ${items.slice(0, 3).join(', ')}`)
      last = key
    }
    await check()
    const timer = setInterval(() => void check(), driftCheckSeconds * 1000)
    timer.unref()
    host.onClose(() => clearInterval(timer))
  })
}
