/** The gitea plugin's setup (index.ts imports it when the host sets the plugin up). */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { GiteaConfigSchema } from './config-schema.js'
import { applyGiteaEffect, GITEA_EFFECT_KINDS } from './effects.js'
import { mountReceiver } from './receiver.js'
import { createGiteaService } from './service.js'

export function setupGitea(host: PluginHost, options: Static<typeof GiteaConfigSchema>): void {
  const service = createGiteaService({
    config: options,
    hermesHome: host.paths.hermesHome,
    log: host.log,
  })
  host.provide('gitea', service)
  for (const kind of GITEA_EFFECT_KINDS)
    host.registerEffect(kind, (effect) => applyGiteaEffect(service.client(), effect))
  host.hooks.serve.tapPromise('gitea', (ctx) => mountReceiver(host, ctx.app, options))
}
