/**
 * `onWork`: one connection of the shared pool, held while any listener is subscribed, LISTENs on
 * `timmy_queue` and calls every listener on each notification. It is never handed back to the pool
 * listening: at the end (or when it is lost) it is destroyed, and the next subscription takes another.
 * Workers still poll, so a lost connection only delays a wake.
 */
import type pg from 'pg'
import { NOTIFY_CHANNEL } from './schema.js'
import type { PgBackendState, PgListener } from './state.js'

export function listenWork(st: PgBackendState, listener: () => void): () => void {
  st.listeners.add(listener)
  if (!st.listener) openListener(st)
  return () => {
    st.listeners.delete(listener)
    if (st.listeners.size === 0) void closeListener(st)
  }
}

function openListener(st: PgBackendState): void {
  const slot: PgListener = { client: undefined, closed: false }
  st.listener = slot
  const onNotify = () => {
    for (const l of st.listeners) l()
  }
  const drop = (client: pg.PoolClient, err?: Error) => {
    if (slot.client !== client) return // dropped already
    if (st.listener === slot) st.listener = undefined
    slot.closed = true
    slot.client = undefined
    client.off('notification', onNotify)
    client.release(err ?? true) // destroyed, never reused while listening
  }
  st.pool.connect().then(
    async (client) => {
      if (slot.closed) return client.release(true)
      slot.client = client
      slot.drop = (err) => drop(client, err)
      client.on('error', slot.drop)
      client.on('notification', onNotify)
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`).catch((err: Error) => drop(client, err))
    },
    () => {
      if (st.listener === slot) st.listener = undefined
    },
  )
}

export async function closeListener(st: PgBackendState): Promise<void> {
  const slot = st.listener
  st.listener = undefined
  if (!slot) return
  slot.closed = true
  slot.drop?.()
}
