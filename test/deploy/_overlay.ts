/** Helpers for deploy tests: write an overlay project, boot a host on a sandbox, hash a tree. */

import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { checkSchema } from '../../core/config/check-schema.js'
import { resolvePaths } from '../../core/config/paths.js'
import { ConfigSchema } from '../../core/config/schema.js'
import { createHost, type Host } from '../../core/host.js'
import { silentLogger } from '../../core/log.js'
import type { Plugin } from '../../core/plugin.js'
import type { DeployContext } from '../../plugins/deploy/transaction.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import type { Sandbox } from '../helpers/temp.js'

export const BASE_CONFIG = `model:
  default: "nousresearch/hermes-4-405b"
  provider: "openrouter"
  base_url: "https://openrouter.ai/api/v1"
display:
  skin: timmy
`

export const BASE_CRON = `jobs:
  - id: digest
    name: Digest
    schedule: "0 9 * * *"
    prompt: Summarise new issues
`

export function writeOverlay(dir: string, files: Record<string, string | null>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel)
    if (content === null) {
      writeFileSync(file, '') // callers remove with rmSync when they need absence
      continue
    }
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
}

/** The operator's policy (timmy's config) allows the base overlay's model endpoint; the overlay may only narrow it. */
export const OPERATOR_POLICY = { allowedBaseUrls: ['https://openrouter.ai/api/v1'] }

/** timmy's own config in the project folder (what the CLI loads): the operator policy plus `config`. */
export function writeOperatorConfig(dir: string, config: Record<string, unknown> = {}): void {
  const pluginOptions = { policy: OPERATOR_POLICY, ...((config.pluginOptions as object | undefined) ?? {}) }
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'timmy.config.json'), `${JSON.stringify({ ...config, pluginOptions }, null, 2)}\n`)
}

/** The base overlay, and timmy.config.json with the operator policy beside it. */
export function baseOverlay(dir: string, extra: Record<string, string> = {}): void {
  writeOperatorConfig(dir)
  writeOverlay(dir, {
    'config/config.yaml': BASE_CONFIG,
    'config/SOUL.md': '# Soul v1\n',
    'config/channel_aliases.json': '{"telegram": {"-100": "Team"}}\n',
    'config/cron.yaml': BASE_CRON,
    'config/policy.yaml': 'allowed_base_urls: [https://openrouter.ai/api/v1]\n',
    'config/memories/MEMORY.md': 'seed memory\n',
    'skins/timmy.yaml': 'name: timmy\ncolors: {banner_border: "#3B82F6"}\n',
    ...extra,
  })
}

export async function bootHost(
  sb: Sandbox,
  config: Record<string, unknown> = {},
  plugins: Plugin[] = [],
): Promise<Host> {
  const pluginOptions = { policy: OPERATOR_POLICY, ...((config.pluginOptions as object | undefined) ?? {}) }
  const full = checkSchema(ConfigSchema, { ...config, pluginOptions })
  const paths = resolvePaths(full, sb.env, sb.cwd)
  return createHost({ loaded: { config: full, paths }, log: silentLogger, dropIns: false, plugins })
}

export function contextFor(sb: Sandbox, host?: Host): DeployContext {
  return {
    home: sb.home,
    hermesHome: sb.hermes,
    hermes: createHermesService(),
    ...(host ? { hooks: host.hooks, validators: host.validators } : {}),
  }
}

/** A digest of everything under `dir`: paths, modes, file bytes, symlink targets. */
export function treeDigest(dir: string): string {
  const h = createHash('sha256')
  const walk = (d: string) => {
    if (!existsSync(d)) return
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name)
      const st = lstatSync(full)
      h.update(`${full}\0${st.mode}\0`)
      if (st.isSymbolicLink()) h.update(`link:${readlinkSync(full)}`)
      else if (st.isDirectory()) walk(full)
      else h.update(readFileSync(full))
    }
  }
  walk(dir)
  return h.digest('hex')
}
