/** The deploy plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { DeployConfigSchema } from './config-schema.js'
import { deployContext } from './deploy-context.js'
import { provideFleet } from './fleet/provide-fleet.js'
import { registerHermesValidators } from './register-validators.js'
import { createDeployService, type DeployService } from './service.js'

export async function setupDeploy(
  host: PluginHost,
  options: Static<typeof DeployConfigSchema>,
): Promise<void> {
  const hermes = host.use('hermes')
  const ctx = deployContext(host, hermes, options)
  const source = options.source ?? process.cwd()
  const service: DeployService = {
    ...createDeployService(ctx, { source, settings: options, queue: () => host.maybeUse('queue') }),
    // `timmy doctor`: finishes an interrupted deploy, then checks the live generation
    doctor: async () => [await (await import('./doctor-check.js')).deployDoctorCheck(host.paths, hermes)],
  }
  host.provide('deploy', service)
  const fleet = provideFleet(host, options, service)
  // Only with webhook deploys on; its option checks still fail the boot.
  if (options.webhook.enabled)
    (await import('./tap-webhook-deploys.js')).tapWebhookDeploys(host, options.webhook, service, fleet)
  registerHermesValidators(host, hermes)
  host.registerTask({
    name: 'flush_continuity',
    description: 'Append the active state summary to $TIMMY_HOME/daily-notes/YYYY-MM-DD.md',
    handler: async () => ({ file: await service.flushContinuity() }),
  })
}
