/**
 * The overlay: the files of a project folder that deploy writes into `$HERMES_HOME`, read and
 * validated before anything is written. Layout (project → Hermes):
 *   config/config.yaml → config.yaml          config/SOUL.md → SOUL.md
 *   config/channel_aliases.json → same         config/memories/*.md → memories/* (seeds)
 *   skins/<name>.yaml → skins/<name>.yaml      config/hermes-plugins/<name>/** → plugins/<name>/**
 *   config/cron.yaml → merged into cron/jobs.json; config/policy.yaml, config/env.example: checks only;
 *   config/inventory.yaml: per-host values of fleet rollouts (fleet/), never shipped.
 */

import { existsSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseYamlText, readTextFile, type YamlSource } from '../../core/config/yaml-source.js'
import type { DeclaredJob } from '../hermes/types.js'
import { checkConfigYaml } from './check-config-yaml.js'
import { E } from './errors.js'
import { checkInventory } from './fleet/read-inventory.js'
import { refuseSymlink } from './list-overlay-dir.js'
import { createOverlayReader, notMapping, type OverlayOptions, type OverlayReader } from './overlay-reader.js'
import { readHermesPlugins, readMemories, readSkins, warnUnknownSkin } from './read-overlay-folders.js'

export { OVERLAY_VALIDATORS } from './overlay-reader.js'

export interface OverlayFile {
  /** Path under `$HERMES_HOME`, `/`-separated. */
  path: string
  /** Path of the source, relative to the project folder. */
  from: string
  content: Buffer
  mode: number
  /** `link`: switched atomically with the generation; `seed`: copied only when absent (Hermes owns it after). */
  kind: 'link' | 'seed'
}

export interface Overlay {
  dir: string
  files: OverlayFile[]
  /** Timmy's cron jobs, or undefined when there is no cron.yaml (jobs.json is then left alone). */
  jobs?: DeclaredJob[]
  /** Parsed YAML/JSON sources by project-relative path (policy and other beforeDeploy taps read them). */
  sources: Record<string, YamlSource>
  warnings: string[]
}

const CONFIG_FILES = new Set([
  'config.yaml',
  'SOUL.md',
  'channel_aliases.json',
  'cron.yaml',
  'policy.yaml',
  'env.example',
  'inventory.yaml',
])

export async function loadOverlay(dir: string, options: OverlayOptions): Promise<Overlay> {
  const configDir = join(dir, 'config')
  if (!existsSync(configDir)) throw E.DEPLOY_NO_OVERLAY({ dir })
  refuseSymlink(configDir, 'config/')
  if (!lstatSync(configDir).isDirectory()) throw E.DEPLOY_NO_OVERLAY({ dir })
  const r = createOverlayReader(dir, options)
  checkConfigEntries(r, configDir)
  await readConfigFiles(r, configDir)
  readMemories(r, configDir)
  await readHermesPlugins(r, configDir)
  await readSkins(r)
  warnUnknownSkin(r)
  return r.overlay
}

/** config/ holds only the known files and the memories/ and hermes-plugins/ folders (no symlinks). */
function checkConfigEntries(r: OverlayReader, configDir: string): void {
  const { rel } = r
  for (const entry of readdirSync(configDir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const abs = join(configDir, entry.name)
    if (entry.isSymbolicLink()) refuseSymlink(abs, rel(abs))
    if (entry.isDirectory() && (entry.name === 'memories' || entry.name === 'hermes-plugins')) continue
    if (!entry.isFile() || !CONFIG_FILES.has(entry.name))
      throw E.DEPLOY_BAD_FILE(
        {
          reason: `unknown overlay entry ${rel(abs)}; config/ holds ${[...CONFIG_FILES].join(', ')}, memories/, hermes-plugins/`,
        },
        { loc: { file: rel(abs) } },
      )
  }
}

/** config.yaml (checked against env.example), SOUL.md, channel_aliases.json, cron.yaml, policy.yaml. */
async function readConfigFiles(r: OverlayReader, configDir: string): Promise<void> {
  const { overlay, add, yaml } = r
  const envDoc = join(configDir, 'env.example')
  const documented = existsSync(envDoc) ? documentedVars(readTextFile(envDoc)) : new Set<string>()

  const configYaml = join(configDir, 'config.yaml')
  if (existsSync(configYaml)) {
    const source = await yaml(configYaml, true)
    overlay.warnings.push(...checkConfigYaml(r.options.hermes, source, documented, 'config/env.example'))
    add(configYaml, 'config.yaml')
  }
  const soul = join(configDir, 'SOUL.md')
  if (existsSync(soul)) add(soul, 'SOUL.md')
  const aliases = join(configDir, 'channel_aliases.json')
  if (existsSync(aliases)) {
    const source = await yaml(aliases)
    checkAliases(source)
    add(aliases, 'channel_aliases.json')
  }
  const cron = join(configDir, 'cron.yaml')
  if (existsSync(cron)) {
    const source = await yaml(cron, true)
    overlay.jobs = source.value == null ? [] : r.options.hermes.cron.readCronYaml(source, r.options.now)
  }
  // Checked with every deploy (a typo fails it), never shipped, and not a source the policy scans.
  const inventory = join(configDir, 'inventory.yaml')
  if (existsSync(inventory)) checkInventory(parseYamlText(readTextFile(inventory), r.rel(inventory)))
  const policy = join(configDir, 'policy.yaml')
  if (existsSync(policy)) {
    const source = await yaml(policy, true)
    if (notMapping(source)) throw E.YAML_NOT_MAPPING({ found: 'something else' }, { loc: source.locate([]) })
  }
}

/** Names listed in env.example as `NAME=` (optionally commented out). */
export function documentedVars(text: string): Set<string> {
  const out = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*#?\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)
    if (m) out.add(m[1]!)
  }
  return out
}

function checkAliases(source: YamlSource): void {
  const v = source.value
  const bad = (path: (string | number)[], expected: string) =>
    E.SCHEMA_INVALID({ path: path.join('.') || '(top level)', expected }, { loc: source.locate(path) })
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw bad([], 'a mapping {"<platform>": {"<chat_id>": "<name>"}}')
  for (const [platform, chats] of Object.entries(v)) {
    if (!chats || typeof chats !== 'object' || Array.isArray(chats))
      throw bad([platform], 'a mapping of chat ids to names')
    for (const [id, name] of Object.entries(chats))
      if (typeof name !== 'string') throw bad([platform, id], 'a string name')
  }
}
