/** Boot a real host (built-in plugins + the fake test plugins) in a sandbox, with playbooks written there. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../../core/config/load-config.js'
import { createHost, type Host } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import type { Plugin } from '../../core/plugin.js'
import type { PlaybooksService } from '../../plugins/playbooks/service.js'
import { sandbox } from '../helpers/temp.js'

export const FAKE_PLUGINS = ['alpha', 'beta'].map((n) =>
  fileURLToPath(new URL(`./fixtures/plugins/${n}/index.ts`, import.meta.url)),
)

export const LANES = `lanes:
  coder: { wizard: coder, toolsets: [terminal], maxConcurrent: 2, repos: ["acme/*"], budgetShare: 0.5 }
  coordinator: { wizard: timmy, maxConcurrent: 1 }
`

type Cleanup = { after(fn: () => unknown): void }

export async function bootHost(
  t: Cleanup,
  options: { plugins?: Plugin[]; files?: Record<string, string>; config?: Record<string, unknown> } = {},
): Promise<{ host: Host; service: PlaybooksService; dir: string; cwd: string }> {
  const box = sandbox(t)
  const dir = join(box.cwd, 'playbooks')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'lanes.yaml'), LANES)
  for (const [name, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const config = {
    plugins: FAKE_PLUGINS,
    pluginOptions: { pool: { size: 2, maxMemoryMb: 32 }, playbooks: { dir, builtin: false } },
    log: { level: 'silent' },
    ...options.config,
  }
  const configFile = join(box.cwd, 'timmy.config.json')
  writeFileSync(configFile, JSON.stringify(config))
  const loaded = await loadConfig({ configPath: configFile, cwd: box.cwd, env: box.env })
  const host = await createHost({ loaded, log: silentLogger, dropIns: false, plugins: options.plugins ?? [] })
  t.after(() => host.close())
  const service = host.service('playbooks')!
  return { host, service, dir, cwd: box.cwd }
}
