/** A deploy project for the security tests: the base overlay plus the operator's timmy.config.json. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { baseOverlay } from '../deploy/_overlay.js'

/** The operator's policy allows the base overlay's model endpoint (the overlay may only narrow it). */
export const OPERATOR_POLICY = { allowedBaseUrls: ['https://openrouter.ai/api/v1'] }

export function deployProject(
  dir: string,
  config: Record<string, unknown> = {},
  extra: Record<string, string> = {},
): void {
  baseOverlay(dir, extra)
  writeOperatorConfig(dir, config)
}

export function writeOperatorConfig(dir: string, config: Record<string, unknown> = {}): void {
  const full = { ...config, pluginOptions: { policy: OPERATOR_POLICY, ...(config.pluginOptions ?? {}) } }
  writeFileSync(join(dir, 'timmy.config.json'), `${JSON.stringify(full, null, 2)}\n`)
}
