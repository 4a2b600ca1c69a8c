/** The bridge's part of `timmy serve` (tap-serve.ts imports it in the serve tap): the /hermes/events route, the Unix socket, bridge.json once the server listens. */
import { join } from 'node:path'
import type { ServeContext } from '../../core/hooks.js'
import type { PluginHost } from '../../core/plugin.js'
import { SOCKET_FILE } from './bridge-client.js'
import { registerEventsRoute } from './events-route.js'
import type { HandlerDeps } from './handle-event.js'
import type { BridgeOptions } from './options.js'
import { type SocketServer, startSocketServer } from './socket-server.js'
import { clientUrl, removeDiscovery, writeDiscovery } from './write-discovery.js'

/** What the serve tap learns: the URL clients use once the server listens, and the socket. */
export interface ServeState {
  url?: string
  socket?: SocketServer
}

export async function serveBridge(
  host: PluginHost,
  options: BridgeOptions,
  deps: HandlerDeps,
  state: ServeState,
  { app }: ServeContext,
): Promise<void> {
  await registerEventsRoute(app, deps, options)
  if (options.socket) {
    try {
      state.socket = await startSocketServer(join(host.paths.home, SOCKET_FILE), deps, options)
    } catch (err) {
      host.log.warn({ err: String(err) }, 'could not listen on the bridge socket; the bridge uses HTTP only')
    }
  }
  app.addHook('onClose', async () => {
    await state.socket?.close()
    state.socket = undefined
    if (options.writeDiscovery) removeDiscovery(host.paths.home)
  })
  app.addHook('onListen', async () => {
    const address = app.server.address()
    if (!address || typeof address !== 'object') return
    state.url = clientUrl(address.address, address.port, app.initialConfig.https ? 'https' : 'http')
    if (!options.writeDiscovery) return
    try {
      writeDiscovery(host.paths.home, state.url, state.socket?.path)
    } catch (err) {
      host.log.warn({ err: String(err) }, 'could not write bridge.json; clients fall back to the default URL')
    }
  })
}
