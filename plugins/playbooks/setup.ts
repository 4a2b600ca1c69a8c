/**
 * The playbooks plugin's setup (index.ts imports it when the host sets the plugin up). It imports only
 * what setup runs: the service's async methods, task handlers and validators import their code on first use.
 */
import { resolve } from 'node:path'
import type { Static } from '@sinclair/typebox'
import { packageRoot } from '../../core/package-root.js'
import type { PluginHost } from '../../core/plugin.js'
import type { PlaybooksOptionsSchema } from './config-schema.js'
import { registerPlaybookTasks } from './register-tasks.js'
import { registerPlaybookValidators } from './register-validators.js'
import { createPlaybooksService } from './service.js'

export async function setupPlaybooks(
  host: PluginHost,
  options: Static<typeof PlaybooksOptionsSchema>,
): Promise<void> {
  const { builtin, keepRuns } = options
  // dir is relative to the project (the config's folder), wherever timmy was started in it
  const root = host.paths.project ?? process.cwd()
  const dir = resolve(root, options.dir)
  const shipped = resolve(packageRoot(), 'playbooks')
  const effects = host.effects ?? new Map()
  const plugins = () => host.plugins?.() ?? []
  const service = createPlaybooksService(
    {
      hooks: host.hooks,
      effects,
      checkEffect: (effect) => host.checkEffect(effect),
      plugins,
      maybeUse: (name) => host.maybeUse(name),
      config: host.config,
      store: () => host.store(),
      log: host.log,
    },
    {
      dir,
      ...(builtin ? { builtinDir: shipped } : {}),
      keepRuns,
      stepTimeoutMs: host.use('pool').stepTimeoutMs,
    },
  )
  host.provide('playbooks', service)
  registerPlaybookValidators(host, service, root, dir)
  await registerPlaybookTasks(host, service)
}
