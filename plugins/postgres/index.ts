/**
 * postgres: the PostgreSQL server a fleet shares (`store: { url }`), as one pool every plugin that keeps
 * tables there reaches through the `postgres` service, with migrations per module. Without `store.url`
 * nothing connects and the plugins keep their tables in the host's SQLite store.
 */
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../core/plugin.js'

export type * from './types.js'

const Options = Type.Object(
  {
    poolSize: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 8,
      description: 'connections in the shared pool',
    }),
  },
  { additionalProperties: false },
)

export default definePlugin({
  name: 'postgres',
  version: '0.1.0',
  provides: ['postgres'],
  description: 'The shared PostgreSQL pool and migrations, when store.url names a server (a fleet).',
  options: Options,
  async setup(host, options) {
    const { createPostgresService } = await import('./service.js')
    const { service, close } = createPostgresService(host.config.store.url, options.poolSize)
    host.provide('postgres', service)
    host.onClose(close)
  },
})
