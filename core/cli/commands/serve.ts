import { E } from '../../errors.js'
import { startServer } from '../../server/create-server.js'
import { findRunningServe } from '../../server/find-running-serve.js'
import { defineCommand } from '../command.js'

export default defineCommand({
  summary: 'Run timmy: store, scheduler, workers and the loopback HTTP server',
  description:
    'Opens the store ($TIMMY_HOME/timmy.db), boots every plugin, and serves /healthz (plus the routes\n' +
    'plugins add) on 127.0.0.1 by default. Every POST but the signed Gitea webhook is signed with\n' +
    "$TIMMY_HOME/secret (made here the first time; timmy secret rotate; see the README's Trust model),\n" +
    'and the Host header must be a loopback name. A non-loopback --host needs server.tls (exit 2\n' +
    'otherwise). A second serve on the same TIMMY_HOME refuses (exit 2). Stops cleanly on SIGINT or SIGTERM.',
  options: {
    port: { type: 'string', short: 'p', value: 'n', description: 'port to listen on (default: server.port)' },
    host: { type: 'string', value: 'addr', description: 'address to listen on (default 127.0.0.1)' },
  },
  async run(ctx) {
    const host = await ctx.host()
    const cfg = host.loaded.config.server
    const port = ctx.values.port === undefined ? cfg.port : Number(ctx.values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw E.CLI_BAD_ARGS({
        command: 'serve',
        reason: `--port must be a whole number from 0 to 65535, got "${ctx.values.port}"`,
      })
    }
    const address = (ctx.values.host as string | undefined) ?? cfg.host
    if (!/^(127\.|localhost$|::1$|\[::1\]$)/.test(address) && !cfg.tls)
      throw E.SERVER_NOT_LOOPBACK({ host: address })
    const running = await findRunningServe(host.loaded.paths.home)
    if (running) {
      const what = running.pid ? `pid ${running.pid}, ${running.url}` : `its socket ${running.socket} answers`
      throw E.SERVER_ALREADY_RUNNING({ home: host.loaded.paths.home, what })
    }
    await host.store()
    // Signals are taken before the server listens, so a stop that comes at once is still a clean one.
    const stopped = new Promise<string>((resolve) => {
      const on = (s: string) => resolve(s)
      process.once('SIGINT', on)
      process.once('SIGTERM', on)
    })
    const server = await startServer(host, {
      host: address,
      port,
      bodyLimit: cfg.bodyLimit,
      allowedHosts: cfg.allowedHosts,
      acceptBearer: cfg.acceptBearer,
      ...(cfg.tls ? { tls: cfg.tls } : {}),
    })
    host.log.info({ url: server.url, store: host.loaded.paths.store }, 'timmy serve is listening')
    if (!ctx.json)
      ctx.stderr.write(`timmy serve listening on ${server.url} (store ${host.loaded.paths.store})\n`)
    else ctx.printJson({ url: server.url, store: host.loaded.paths.store, pid: process.pid })
    const signal = await stopped
    host.log.info({ signal }, 'shutting down')
    await server.close()
    await host.close(signal)
    return 0
  },
})
