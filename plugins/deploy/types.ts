/** The service this plugin provides, declared on core's `Services` (declaration merging): `host.use('deploy')` is typed by it. */
import type { DeployTrigger } from '../../core/deploy/deploy-trigger.js'
import type { DeployService } from '../../core/deploy/service.js'

export type { DeployService, DeployTrigger }

declare module '../../core/plugin.js' {
  interface Services {
    deploy: DeployService
    'deploy.trigger': DeployTrigger
  }
}
