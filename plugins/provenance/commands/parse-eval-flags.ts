/** `timmy train eval` flags checked before the host boots (exit 2 on a bad one). */
import type { CliContext } from '../../../core/cli/command.js'
import { E } from '../../../training/errors.js'
import { DEFAULT_RETRY } from '../../../training/eval/ask-with-retry.js'

export interface EvalFlags {
  endpoint: string
  model: string
  concurrency: number
  retries: number
  maxTokens: number
  timeoutS: number
  margin: number
  apiKey: string | undefined
}

export function parseEvalFlags(ctx: CliContext): EvalFlags {
  const v = ctx.values
  const endpoint = v.endpoint as string | undefined
  const model = v.model as string | undefined
  if (!endpoint || !model)
    throw E.CLI_BAD_ARGS({ command: 'train eval', reason: 'eval needs --endpoint <url> and --model <name>' })
  const concurrency = intFlag(v.concurrency, 'concurrency', 4, 1, 64)
  const retries = intFlag(v.retries, 'retries', DEFAULT_RETRY.retries, 0, 10)
  const maxTokens = intFlag(v['max-tokens'], 'max-tokens', 512, 1, 1_000_000)
  const timeoutS = numFlag(v.timeout, 'timeout', 120, (n) => n > 0 && n <= 86_400)
  const margin = numFlag(v.margin, 'margin', 0.05, (n) => n >= 0 && n <= 1)
  const keyVar = v['api-key-env'] as string | undefined
  const apiKey = keyVar ? process.env[keyVar] : undefined
  if (keyVar && !apiKey)
    throw E.CLI_BAD_ARGS({
      command: 'train eval',
      reason: `--api-key-env ${keyVar}: the variable is not set`,
    })
  return { endpoint, model, concurrency, retries, maxTokens, timeoutS, margin, apiKey }
}

function intFlag(raw: unknown, name: string, dflt: number, min: number, max: number): number {
  if (raw === undefined) return dflt
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max)
    throw E.CLI_BAD_ARGS({
      command: 'train eval',
      reason: `--${name} must be a whole number from ${min} to ${max}`,
    })
  return n
}

function numFlag(raw: unknown, name: string, dflt: number, ok: (n: number) => boolean): number {
  if (raw === undefined) return dflt
  const n = Number(raw)
  if (!Number.isFinite(n) || !ok(n))
    throw E.CLI_BAD_ARGS({ command: 'train eval', reason: `--${name} is out of range: "${String(raw)}"` })
  return n
}
