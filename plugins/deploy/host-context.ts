/** The deploy settings and context of a booted host, for the commands that deploy or roll back. */
import type { Host } from '../../core/host.js'
import { checkHermesHome } from './check-hermes-home.js'
import { type DeploySettings, defaultDeploySettings } from './config-schema.js'
import { deployContext } from './deploy-context.js'
import { E } from './errors.js'
import type { DeployService } from './service.js'
import type { DeployContext } from './transaction.js'

/** The deploy plugin's options as its service holds them (the defaults when the plugin is disabled). */
export function settingsOf(host: Host): DeploySettings {
  return host.service('deploy')?.settings ?? defaultDeploySettings()
}

/**
 * The deploy service of a booted host, for the deploy and rollback commands ($HERMES_HOME must be a
 * folder); TIMMY_ERR_SERVICE_MISSING when the deploy plugin is not loaded.
 */
export function deployServiceOf(host: Host): DeployService {
  checkHermesHome(host.loaded.paths.hermesHome)
  const service = host.service('deploy')
  if (!service) throw E.SERVICE_MISSING({ plugin: 'timmy deploy', service: 'deploy' })
  return service
}

/** The deploy context of a booted host (hooks for policy vetoes, validators for skins); $HERMES_HOME must be a folder. */
export function contextOf(host: Host): DeployContext {
  checkHermesHome(host.loaded.paths.hermesHome)
  const { hooks, validators, log } = host
  const hermes = host.service('hermes')
  if (!hermes) throw E.SERVICE_MISSING({ plugin: 'timmy deploy', service: 'hermes' })
  return deployContext({ paths: host.loaded.paths, hooks, validators, log }, hermes, settingsOf(host))
}
