/**
 * The policy plugin: vetoes a deploy whose overlay names a banned provider (the Anthropic/Claude
 * family by default), sends a model call to a remote `base_url` not on the allow-list, or misses a
 * required setting — before anything is written. `timmy policy scan <paths>` (commands/) runs the
 * same scan over any files (the preflight check).
 */
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { PolicyOptionsSchema } from './options.js'

export type { PolicyOptions } from './options.js'
export type * from './types.js'

export default definePlugin({
  name: 'policy',
  version: '0.1.0',
  provides: ['policy'],
  description: 'Vetoes deploys that name banned providers or remote base URLs; `timmy policy scan`.',
  options: PolicyOptionsSchema,
  commands,
  async setup(host, options) {
    const { setupPolicy } = await import('./setup.js')
    return setupPolicy(host, options)
  },
})
