/**
 * The status routes of `timmy serve` (loopback, read-only): `/` (the page), `/status.json` (the
 * snapshot `timmy status --json` prints, reused for snapshotTtlMs), `/status/app.js`, and uPlot's script and stylesheet read
 * from the installed package (no CDN).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { PAGE_SCRIPT } from './page-script.js'
import { renderPage } from './render-page.js'
import type { StatusSnapshot } from './types.js'

function uplotFile(name: string): string {
  const require = createRequire(import.meta.url)
  const dir = join(dirname(require.resolve('uplot/package.json')), 'dist')
  return readFileSync(join(dir, name), 'utf8')
}

/** `snapshot`: the shared, briefly reused snapshot (cache-snapshot.ts). */
export function registerStatusRoutes(app: FastifyInstance, snapshot: () => Promise<StatusSnapshot>): void {
  let js: string | undefined
  let css: string | undefined
  app.get('/', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderPage(await snapshot())),
  )
  app.get('/status.json', async () => snapshot())
  app.get('/status/app.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(PAGE_SCRIPT),
  )
  app.get('/status/uplot.min.js', async (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'max-age=86400')
      .send((js ??= uplotFile('uPlot.iife.min.js'))),
  )
  app.get('/status/uplot.min.css', async (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'max-age=86400')
      .send((css ??= uplotFile('uPlot.min.css'))),
  )
}
