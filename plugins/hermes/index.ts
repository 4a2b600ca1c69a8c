/**
 * The hermes plugin: owns Hermes' file formats (FORMATS.md) — `$HERMES_HOME` paths, the config.yaml
 * schema, cron schedules and `cron/jobs.json` under its lock, durable private writes, the child
 * environment, and the one read-only `state.db` reader. Provides the `hermes` service (types.ts);
 * deploy, skin, budget, provenance, dispatch and deadman reach the formats only through it.
 */
import { definePlugin } from '../../core/plugin.js'

export type * from './types.js'

export default definePlugin({
  name: 'hermes',
  version: '1.0.0',
  provides: ['hermes'],
  description: "Hermes' file formats: paths, config.yaml schema, cron jobs and lock, state.db reader",
  async setup(host) {
    const { createHermesService } = await import('./create-hermes-service.js')
    host.provide('hermes', createHermesService())
  },
})
