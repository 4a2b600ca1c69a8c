import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { StatusOptions } from './options.js'

export { StatusOptions } from './options.js'
export type * from './types.js'

export default definePlugin({
  name: 'status',
  version: '0.1.0',
  provides: ['status'],
  description: "The operators' view: `timmy status` and the status page at / of `timmy serve`.",
  optionalDependencies: [
    'queue',
    'budget',
    'deadman',
    'deploy',
    'bridge',
    'gitea',
    'housekeeping',
    'playbooks',
    'hosts',
  ],
  options: StatusOptions,
  commands,
  async setup(host, options) {
    const { setupStatus } = await import('./setup.js')
    return setupStatus(host, options)
  },
})
