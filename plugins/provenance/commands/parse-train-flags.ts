/** `timmy train` flags checked before the host boots: --format, --threshold, --redact-pii/--keep-pii. */
import type { CliContext } from '../../../core/cli/command.js'
import { FORMATS } from '../../../training/export-formats.js'
import { E } from '../errors.js'

export interface TrainFlags {
  format: 'chat_template' | 'sharegpt'
  threshold: number | undefined
}

export function parseTrainFlags(ctx: CliContext): TrainFlags {
  const v = ctx.values
  const format = (v.format as string | undefined) ?? 'chat_template'
  if (!(FORMATS as readonly string[]).includes(format))
    throw E.CLI_BAD_ARGS({
      command: 'train',
      reason: `--format must be ${FORMATS.join(' or ')}, not "${format}"`,
    })
  let threshold: number | undefined
  if (v.threshold !== undefined) {
    threshold = Number(v.threshold)
    if (!(threshold > 0 && threshold <= 1))
      throw E.CLI_BAD_ARGS({ command: 'train', reason: '--threshold must be a number in (0, 1]' })
  }
  if (v['redact-pii'] && v['keep-pii'])
    throw E.CLI_BAD_ARGS({ command: 'train', reason: '--redact-pii and --keep-pii exclude each other' })
  return { format: format as TrainFlags['format'], threshold }
}
