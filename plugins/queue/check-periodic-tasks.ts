/**
 * `timmy validate`: every `pluginOptions.queue.periodic[].task` of the config must name a registered task, or
 * serve would only log TIMMY_ERR_QUEUE_UNKNOWN_TASK when the schedule fires. Each unknown name is a
 * coded error at the config's file:line:col with a did-you-mean.
 */
import type { LoadedConfig } from '../../core/config/load-config.js'
import { didYouMean } from '../../core/did-you-mean.js'
import type { TimmyError } from '../../core/errors.js'
import type { PeriodicConfig } from './config-schema.js'
import { E } from './errors.js'

export function checkPeriodicTasks(
  loaded: LoadedConfig,
  periodic: readonly PeriodicConfig[],
  known: readonly string[],
): TimmyError[] {
  const names = new Set(known)
  const errors: TimmyError[] = []
  periodic.forEach((p, i) => {
    if (names.has(p.task)) return
    const suggestion = didYouMean(p.task, names)
    const loc =
      loaded.locate?.(['pluginOptions', 'queue', 'periodic', i, 'task']) ??
      (loaded.file ? { file: loaded.file } : undefined)
    errors.push(
      E.QUEUE_UNKNOWN_TASK({ task: p.task, ...(suggestion ? { suggestion } : {}) }, loc ? { loc } : {}),
    )
  })
  return errors
}
