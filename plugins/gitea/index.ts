/**
 * Built-in plugin `gitea`: provides the `gitea` service (a client factory from its options),
 * applies the Gitea effects of playbook runs (`gitea.label`, `.unlabel`, `.comment`, `.assign`, `.close`, `.issue`,
 * `.pr.create`, `.pr.merge`), mounts `POST /hooks/gitea` in `timmy serve`, and adds `timmy gitea`.
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { GiteaConfigSchema } from './config-schema.js'
import { GITEA_EFFECT_SCHEMAS } from './effect-schemas.js'

export default definePlugin({
  name: 'gitea',
  version: '0.1.0',
  description: 'Gitea client service, effect handlers and the signed webhook receiver',
  optionalDependencies: ['queue'],
  // its delivery log lives on the fleet's PostgreSQL server when store.url is set
  optionalNeeds: ['postgres'],
  provides: ['gitea'],
  effects: { handles: GITEA_EFFECT_SCHEMAS },
  options: GiteaConfigSchema,
  movedFrom: 'gitea',
  commands,
  async setup(host, options) {
    const { setupGitea } = await import('./setup.js')
    return setupGitea(host, options)
  },
})
