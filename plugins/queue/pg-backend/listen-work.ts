/**
 * `onWork`: one dedicated connection LISTENs on `timmy_queue` while any listener is subscribed and
 * calls every listener on each notification. A lost connection is dropped (workers still poll) and
 * opened again at the next subscription.
 */
import pg from 'pg'
import { NOTIFY_CHANNEL } from './schema.js'
import type { PgBackendState } from './state.js'

export function listenWork(st: PgBackendState, url: string, listener: () => void): () => void {
  st.listeners.add(listener)
  if (!st.listener) openListener(st, url)
  return () => {
    st.listeners.delete(listener)
    if (st.listeners.size === 0) closeListener(st)
  }
}

function openListener(st: PgBackendState, url: string): void {
  const client = new pg.Client({ connectionString: url })
  st.listener = client
  const drop = () => {
    if (st.listener === client) st.listener = undefined
    client.end().catch(() => {})
  }
  client.on('error', drop)
  client.on('notification', () => {
    for (const l of st.listeners) l()
  })
  client
    .connect()
    .then(() => client.query(`LISTEN ${NOTIFY_CHANNEL}`))
    .catch(drop)
}

export function closeListener(st: PgBackendState): Promise<void> {
  const client = st.listener
  st.listener = undefined
  return client ? client.end().catch(() => {}) : Promise.resolve()
}
