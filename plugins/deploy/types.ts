/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('deploy')` is typed by it. */
import type { DeployTrigger } from './deploy-trigger.js'
import type { DeployService } from './service.js'

export type { FleetService } from './fleet/types.js'

export type { DeployService, DeployTrigger }

declare module '../../core/plugin.js' {
  interface Services {
    deploy: DeployService
    'deploy.trigger': DeployTrigger
  }
}
