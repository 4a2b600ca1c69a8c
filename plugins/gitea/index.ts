/**
 * Built-in plugin `gitea`: provides the `gitea` service (a client factory from its options),
 * applies the Gitea effects of playbook runs (`gitea.label`, `.unlabel`, `.comment`, `.assign`, `.close`, `.issue`,
 * `.pr.create`, `.pr.merge`), mounts `POST /hooks/gitea` in `timmy serve`, and adds `timmy gitea`.
 */
import { Type as T } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { GiteaConfigSchema } from './config-schema.js'
import { GITEA_EFFECT_SCHEMAS } from './effect-schemas.js'
import { applyGiteaEffect, GITEA_EFFECT_KINDS } from './effects.js'
import { mountReceiver } from './receiver.js'
import { createGiteaService } from './service.js'

export default definePlugin({
  name: 'gitea',
  version: '0.1.0',
  description: 'Gitea client service, effect handlers and the signed webhook receiver',
  optionalDependencies: ['queue'],
  provides: ['gitea'],
  effects: { handles: GITEA_EFFECT_SCHEMAS },
  options: GiteaConfigSchema,
  movedFrom: 'gitea',
  commands,
  setup(host, options) {
    const service = createGiteaService({
      config: options,
      hermesHome: host.paths.hermesHome,
      log: host.log,
    })
    host.provide('gitea', service)
    for (const kind of GITEA_EFFECT_KINDS)
      host.registerEffect(kind, (effect) => applyGiteaEffect(service.client(), effect))
    host.hooks.serve.tapPromise('gitea', (ctx) => mountReceiver(host, ctx.app, options))
  },
})
