/**
 * The hook boundary. Every hook gets one `register` interceptor that
 * - refuses taps once the host is frozen (TIMMY_ERR_HOOK_TAP_AFTER_FREEZE), and
 * - wraps each tap's function so that a throw is wrapped exactly once as TIMMY_ERR_PLUGIN_HOOK_FAILED
 *   (plugin = tap name, hook, `cause`), reported to the host, and the other taps keep running:
 *   observers (parallel, series) go on; a waterfall passes the value through unchanged; a bail hook
 *   fails closed with a `Veto` naming the plugin (a broken budget or policy plugin must not let spend through).
 *   The failure also goes to the collectors of core/tap-errors.ts (the playbook runner's).
 */
import { E, reasonOf, type TimmyError } from './errors.js'
import { HOOK_KIND, type HookName, type Hooks, type Veto } from './hooks.js'
import { noteTapError } from './tap-errors.js'

export interface GuardState {
  frozen: boolean
  onTapError: (err: TimmyError) => void
}

export function guardHooks(hooks: Hooks, state: GuardState): void {
  for (const name of Object.keys(hooks) as HookName[]) {
    const kind = HOOK_KIND[name]
    hooks[name].intercept({
      register(tap) {
        if (state.frozen) throw E.HOOK_TAP_AFTER_FREEZE({ hook: name, tap: tap.name })
        const fail = (err: unknown): Veto | undefined => {
          const wrapped = E.PLUGIN_HOOK_FAILED(
            { plugin: tap.name, hook: name, reason: reasonOf(err) },
            { cause: err, exitCode: 1, details: { plugin: tap.name, hook: name } },
          )
          state.onTapError(wrapped)
          noteTapError(wrapped)
          return kind === 'bail'
            ? { veto: true, by: tap.name, reason: wrapped.bare, failed: true }
            : undefined
        }
        const fn = tap.fn as (...args: unknown[]) => unknown
        if (tap.type === 'sync') {
          tap.fn = (...args: unknown[]) => {
            try {
              return nameVeto(fn(...args), tap.name)
            } catch (err) {
              return fail(err)
            }
          }
        } else if (tap.type === 'promise') {
          tap.fn = async (...args: unknown[]) => {
            try {
              return nameVeto(await fn(...args), tap.name)
            } catch (err) {
              return fail(err)
            }
          }
        } else {
          tap.fn = (...args: unknown[]) => {
            const callback = args.pop() as (err?: unknown, result?: unknown) => void
            try {
              fn(...args, (err?: unknown, result?: unknown) =>
                err ? callback(null, fail(err)) : callback(null, nameVeto(result, tap.name)),
              )
            } catch (err) {
              callback(null, fail(err))
            }
          }
        }
        return tap
      },
    })
  }
}

function nameVeto(result: unknown, plugin: string): unknown {
  if (result && typeof result === 'object' && (result as Veto).veto === true && !(result as Veto).by) {
    return { ...(result as Veto), by: plugin }
  }
  return result
}
