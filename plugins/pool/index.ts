/** Built-in plugin `pool`: provides the worker pool (service `pool`) that runs playbook steps. */

import { definePlugin } from '../../core/plugin.js'
import { PoolOptionsSchema } from './config-schema.js'

export default definePlugin({
  name: 'pool',
  version: '0.1.0',
  provides: ['pool'],
  description: 'The piscina worker pool that runs playbook steps in worker threads.',
  options: PoolOptionsSchema,
  movedFrom: 'pool',
  async setup(host, options) {
    const { setupPool } = await import('./setup.js')
    return setupPool(host, options)
  },
})
