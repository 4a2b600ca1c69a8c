/**
 * Built-in plugin `playbooks`: provides the `playbooks` service (load, list, validate, run, enqueue),
 * checks playbooks, lanes.yaml and fixtures in `timmy validate`, offers the queue tasks `work-item`
 * (route a received work item to its matching playbooks) and `playbooks.run` (one durable run), and
 * the general-purpose steps in ./steps.ts. A run whose pipeline or lane a budget holds is deferred in
 * the queue until the budget's window ends (./hold-run.ts).
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { PlaybooksOptionsSchema } from './config-schema.js'

export default definePlugin({
  name: 'playbooks',
  version: '0.1.0',
  commands,
  provides: ['playbooks'],
  // the writes of its general-purpose steps (playbooks/label, comment, assign)
  effects: { emits: ['gitea.label', 'gitea.comment', 'gitea.assign'] },
  description: 'YAML playbooks and lanes: validate, run (dry or applied), report.',
  dependencies: ['pool'],
  // its run records live on the fleet's PostgreSQL server when store.url is set
  optionalNeeds: ['postgres'],
  steps: new URL('./steps.js', import.meta.url),
  options: PlaybooksOptionsSchema,
  movedFrom: 'playbook',
  async setup(host, options) {
    const { setupPlaybooks } = await import('./setup.js')
    return setupPlaybooks(host, options)
  },
})
