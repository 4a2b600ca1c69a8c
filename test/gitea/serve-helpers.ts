/** Boot a real host (built-in plugins, a real store in a sandbox) and its HTTP server, for receiver tests. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../core/config/load-config.js'
import type { WorkItem } from '../../core/hooks.js'
import { createHost, type Host } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import { definePlugin, type Plugin } from '../../core/plugin.js'
import { startServer } from '../../core/server/create-server.js'
import type { Sandbox } from '../helpers/temp.js'

export async function serveWith(
  box: Sandbox,
  config: Record<string, unknown>,
  o: { plugins?: Plugin[] } = {},
): Promise<{ url: string; host: Host; items: WorkItem[]; close(): Promise<void> }> {
  writeFileSync(join(box.cwd, 'timmy.config.json'), JSON.stringify(config))
  const loaded = await loadConfig({ cwd: box.cwd, env: box.env })
  const items: WorkItem[] = []
  const capture = definePlugin({
    name: 'capture-work-items',
    version: '0.0.0',
    setup(h) {
      h.hooks.workItem.tap('capture-work-items', (item) => {
        items.push(item)
        return item
      })
    },
  })
  const host = await createHost({
    loaded,
    log: silentLogger,
    dropIns: false,
    plugins: [capture, ...(o.plugins ?? [])],
  })
  const server = await startServer(host, {
    host: '127.0.0.1',
    port: 0,
    bodyLimit: loaded.config.server.bodyLimit,
  })
  return {
    url: server.url,
    host,
    items,
    async close() {
      await server.close()
      await host.close('test')
    },
  }
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 5000,
): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
