/** The context the core deploy functions need, from a plugin host and the plugin's options. */
import type { PluginHost } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'
import { bridgeInstallOf } from './bridge-install-of.js'
import type { DeploySettings } from './config-schema.js'
import type { DeployContext } from './transaction.js'

export function deployContext(
  host: Pick<PluginHost, 'paths' | 'hooks' | 'log'> & { validators: PluginHost['validators'] },
  hermes: HermesService,
  settings: DeploySettings,
): DeployContext {
  return {
    hermes,
    home: host.paths.home,
    hermesHome: host.paths.hermesHome,
    hooks: host.hooks,
    validators: host.validators,
    log: host.log,
    keep: settings.keep,
    lockTimeoutMs: settings.lockTimeoutMs,
    bridge: bridgeInstallOf(settings.bridge, host.paths),
  }
}
