/**
 * The deploy plugin: provides the `deploy` service (generations, live, lastKnownGood, rollback,
 * deploy), turns verified Gitea pushes to the config repo into serialised deploys, and offers the
 * `flush_continuity` task and command (commands/index.ts).
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { DeployConfigSchema } from './config-schema.js'

export type { FleetService } from './fleet/types.js'
export type { DeployService, GenerationInfo } from './service.js'

export default definePlugin({
  name: 'deploy',
  version: '0.1.0',
  commands,
  provides: ['deploy', 'deploy.fleet'],
  needs: ['hermes'],
  description: 'Deploys the Hermes overlay as generations; webhook-triggered deploys; continuity notes.',
  options: DeployConfigSchema,
  movedFrom: 'deploy',
  async setup(host, options) {
    const { setupDeploy } = await import('./setup.js')
    return setupDeploy(host, options)
  },
})
