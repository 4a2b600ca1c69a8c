/**
 * Deadman's tables in the host's SQLite store (the default): the prepared statements of `store/`
 * behind the async contract of deadman-store.ts. A transaction is one `BEGIN IMMEDIATE` on the store's
 * connection; deadman's transactions on one file take turns inside this process (a second connection
 * of the same process would otherwise wait on the file lock while the first cannot go on).
 */
import { resolve } from 'node:path'
import type { Store } from '../../../core/store/store.js'
import type { DeadmanStore, DeadmanTx } from '../deadman-store.js'
import { actionMethods } from './action-methods.js'
import { beatMethods } from './beat-methods.js'
import { incidentMethods } from './incident-methods.js'
import { MIGRATIONS } from './migrations.js'
import { runMethods } from './run-methods.js'
import { createStoreState } from './store-state.js'
import { transitionMethods } from './transition-methods.js'
import { wizardRowMethods } from './wizard-row-methods.js'

/** The tail of deadman's transactions per database file, in this process. */
const turns = new Map<string, Promise<unknown>>()

export function openSqliteDeadman(store: Store, owner: string): DeadmanStore {
  store.migrate('deadman', MIGRATIONS)
  const state = createStoreState(store)
  const sync = {
    ...wizardRowMethods(state),
    ...beatMethods(state),
    ...runMethods(state),
    ...transitionMethods(state),
    ...actionMethods(state),
    ...incidentMethods(state),
  }
  const tx: DeadmanTx = asyncMethods(sync)
  const file = store.path === ':memory:' ? `:memory:${Math.random()}` : resolve(store.path)
  const db = store.db
  return {
    kind: 'sqlite',
    owner,
    ...tx,
    transaction(fn) {
      const run = async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const out = await fn(tx)
          db.exec('COMMIT')
          return out
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw err
        }
      }
      const prev = turns.get(file) ?? Promise.resolve()
      const mine = prev.then(run, run)
      turns.set(
        file,
        mine.catch(() => {}),
      )
      return mine
    },
  }
}

type Sync = Record<string, (...args: never[]) => unknown>
type Asynced<T extends Sync> = { [K in keyof T]: (...args: Parameters<T[K]>) => Promise<ReturnType<T[K]>> }

/** Each synchronous method as one returning a promise (the contract is asynchronous). */
function asyncMethods<T extends Sync>(sync: T): Asynced<T> {
  const out: Record<string, (...args: never[]) => Promise<unknown>> = {}
  for (const [name, fn] of Object.entries(sync)) out[name] = async (...args) => fn(...args)
  return out as Asynced<T>
}
