/**
 * The orchestrator: the singleton coordinator loop (`timmy orchestrate`) — at most one per store
 * (per fleet on PostgreSQL with `store.url`), held by a lease in the store — and `timmy dispatch <owner/repo> <issue>` for one item by hand.
 */
import type { Static } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { OrchestratorOptionsSchema } from './options.js'
import type { TickOptions } from './tick.js'

export type * from './types.js'

export interface OrchestratorContext {
  holder: string
  options: Static<typeof OrchestratorOptionsSchema>
  tickOptions(now: number, confirm: boolean): Promise<TickOptions>
}

export default definePlugin({
  name: 'orchestrator',
  version: '1.0.0',
  // its gate effect merges or comments through the Gitea effects
  effects: { emits: ['gitea.pr.merge', 'gitea.comment'] },
  description:
    'The coordinator loop: intake → triage → route → dispatch → track → verify (the merge gate) → report',
  options: OrchestratorOptionsSchema,
  optionalDependencies: ['triage', 'dispatch', 'gitea', 'playbooks', 'policy'],
  // its lease and dispatch log live on the fleet's PostgreSQL server when store.url is set
  optionalNeeds: ['postgres'],
  provides: ['orchestrator'],
  commands,
  steps: new URL('./steps.js', import.meta.url),
  async setup(host, options) {
    const { setupOrchestrator } = await import('./setup.js')
    return setupOrchestrator(host, options)
  },
})
