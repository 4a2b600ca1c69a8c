/**
 * The gitea plugin's setup (index.ts imports it when the host sets the plugin up). The client, the
 * effect handlers and the webhook receiver import their code when first used.
 */
import type { Static } from '@sinclair/typebox'
import type { PluginHost } from '../../core/plugin.js'
import type { GiteaConfigSchema } from './config-schema.js'
import { GITEA_EFFECT_KINDS } from './effect-kinds.js'
import { createGiteaService } from './service.js'

let effects: Promise<typeof import('./effects.js')> | undefined
const loadEffects = () => (effects ??= import('./effects.js'))

export function setupGitea(host: PluginHost, options: Static<typeof GiteaConfigSchema>): void {
  const service = createGiteaService({
    config: options,
    hermesHome: host.paths.hermesHome,
    log: host.log,
  })
  host.provide('gitea', service)
  for (const kind of GITEA_EFFECT_KINDS)
    host.registerEffect(kind, async (effect) =>
      (await loadEffects()).applyGiteaEffect(service.client(), effect),
    )
  host.hooks.serve.tapPromise('gitea', async (ctx) => {
    const { mountReceiver } = await import('./receiver.js')
    return mountReceiver(host, ctx.app, options)
  })
}
