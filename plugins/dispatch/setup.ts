/**
 * The dispatch plugin's setup (index.ts imports it when the host sets the plugin up). The service and
 * the effect handler import their code on first use.
 */
import type { Static } from '@sinclair/typebox'
import { reasonOf } from '../../core/errors.js'
import { STAGE, type Veto, type WorkItem } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import type { DispatchService } from './index.js'
import { createLazyDispatchService } from './lazy-dispatch-service.js'
import type { DispatchOptionsSchema } from './options.js'

export function setupDispatch(host: PluginHost, options: Static<typeof DispatchOptionsSchema>): void {
  const service = createLazyDispatchService(host, options)
  host.provide('dispatch', service)
  tapStepGuard(host, service)
  host.registerEffect('agent.dispatch', async (effect, ctx) => {
    const { requestOf } = await import('./request-of.js')
    return service.dispatch(requestOf(effect, ctx))
  })
}

/** The same guard before a `dispatch/agent` step, so a dry run plans the skip it would make. */
function tapStepGuard(host: PluginHost, service: DispatchService): void {
  const items = new Map<string, WorkItem>()
  host.hooks.beforeRun.tap({ name: 'dispatch', stage: STAGE.policy }, (run) => {
    if (run.item) items.set(run.runId, run.item)
    return undefined
  })
  host.hooks.afterRun.tap({ name: 'dispatch', stage: STAGE.observe }, (report) => {
    items.delete(report.runId)
  })
  host.hooks.beforeStep.tapPromise(
    { name: 'dispatch', stage: STAGE.policy },
    async (step): Promise<Veto | undefined> => {
      if (step.use !== 'dispatch/agent') return undefined
      const item = items.get(step.runId)
      if (!item?.repo || item.issue === undefined) return undefined
      try {
        const reason = await service.refusal(item.repo, item.issue, step.lane)
        return reason ? { veto: true, by: 'dispatch', reason } : undefined
      } catch (err) {
        // Gitea unreachable: the agent.dispatch handler checks again before the agent runs.
        host.log.warn({ repo: item.repo, issue: item.issue, err: reasonOf(err) }, 'duplicate-PR check failed')
        return undefined
      }
    },
  )
}
