/** Boot a real host in a sandbox, with inline plugins, for tests. */
import { loadConfig } from '../../core/config/load-config.js'
import { createHost, type HostOptions } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import type { Plugin } from '../../core/plugin.js'
import { type Sandbox, sandbox } from './temp.js'

export async function testHost(
  t: { after(fn: () => unknown): void },
  options: {
    plugins?: Plugin[]
    builtins?: boolean
    config?: Record<string, unknown>
    box?: Sandbox
  } & Partial<HostOptions> = {},
) {
  const box = options.box ?? sandbox(t)
  const { writeFileSync } = await import('node:fs')
  const { join } = await import('node:path')
  const configPath = join(box.cwd, 'timmy.config.json')
  writeFileSync(configPath, JSON.stringify(options.config ?? {}))
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env, configPath })
  const host = await createHost({
    loaded,
    log: options.log ?? silentLogger,
    builtins: options.builtins ?? false,
    plugins: options.plugins ?? [],
    dropIns: options.dropIns ?? true,
  })
  t.after(() => host.close('test'))
  return { host, box }
}
