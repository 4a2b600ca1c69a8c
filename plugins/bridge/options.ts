/** The bridge plugin's options (`pluginOptions.bridge`). */
import { type Static, Type as T } from '@sinclair/typebox'

export const BridgeOptions = T.Object(
  {
    maxBodyBytes: T.Integer({
      minimum: 1024,
      default: 512 * 1024,
      description: 'Largest /hermes/events request body, in bytes.',
    }),
    maxBatch: T.Integer({ minimum: 1, default: 500, description: 'Most events in one request.' }),
    maxInFlight: T.Integer({
      minimum: 1,
      default: 2000,
      description: 'Most events processed at once; beyond it requests get 503 (counted as shed).',
    }),
    failPolicy: T.Union([T.Literal('open'), T.Literal('closed')], {
      default: 'open',
      description:
        'When a beforeToolCall tap throws or no decision comes in time: open lets the call go on, closed blocks it.',
    }),
    vetoTimeoutMs: T.Integer({
      minimum: 1,
      default: 250,
      description: 'How long the beforeToolCall decision may take.',
    }),
    socket: T.Boolean({
      default: true,
      description: 'Also listen on $TIMMY_HOME/bridge.sock (Unix socket, newline-delimited JSON, mode 0600).',
    }),
    writeDiscovery: T.Boolean({
      default: true,
      description: 'Write $TIMMY_HOME/bridge.json with the server URL when it listens.',
    }),
  },
  { additionalProperties: false, default: {} },
)
export type BridgeOptions = Static<typeof BridgeOptions>
