/**
 * state-log: one `info` line for every state change an operator needs to see at the default level —
 * a wizard's state (`wizardState`), a deploy or rollback (`afterDeploy`), a
 * playbook run or step vetoed (`afterRun` / `afterStep`, applied runs only), and, in `timmy serve`,
 * drift appearing or clearing (the deploy service's freshness, checked every `driftCheckSeconds`).
 * Budget pauses/resumes (`budgetState`) and Hermes-call vetoes are logged where they happen
 * (plugins/budget, plugins/bridge handle-event). Observes only; changes nothing.
 */
import { definePlugin } from '../../core/plugin.js'
import { StateLogOptionsSchema } from './options.js'

export default definePlugin({
  name: 'state-log',
  version: '0.1.0',
  description: 'Logs every wizard state change, deploy, rollback, playbook veto and drift change at info.',
  optionalDependencies: ['deploy', 'deadman'],
  options: StateLogOptionsSchema,
  async setup(host, options) {
    const { setupStateLog } = await import('./setup.js')
    return setupStateLog(host, options)
  },
})
