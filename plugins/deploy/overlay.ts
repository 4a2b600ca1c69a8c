/**
 * The overlay: the files of a project folder that deploy writes into `$HERMES_HOME`, read and
 * validated before anything is written. Layout (project → Hermes):
 *   config/config.yaml → config.yaml          config/SOUL.md → SOUL.md
 *   config/channel_aliases.json → same         config/memories/*.md → memories/* (seeds)
 *   skins/<name>.yaml → skins/<name>.yaml      config/hermes-plugins/<name>/** → plugins/<name>/**
 *   config/cron.yaml → merged into cron/jobs.json; config/policy.yaml, config/env.example: checks only.
 */

import { existsSync, lstatSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parseYamlText, readTextFile, type YamlSource } from '../../core/config/yaml-source.js'
import type { FileValidator } from '../../core/plugin.js'
import { type DeclaredJob, readCronYaml } from '../hermes/cron-yaml.js'
import { isPrivatePath, SKIN_NAME } from '../hermes/hermes-paths.js'
import { E as skinErrors } from '../skin/errors.js'
import { checkConfigYaml } from './check-config-yaml.js'
import { checkSafeLoadTags, checkStrictJson } from './check-reader-syntax.js'
import { E } from './errors.js'

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

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** Validators the deploy plugin registers for `timmy validate`; the overlay checks these files itself. */
export const OVERLAY_VALIDATORS = new Set(['hermes-config', 'hermes-cron'])
const CONFIG_FILES = new Set([
  'config.yaml',
  'SOUL.md',
  'channel_aliases.json',
  'cron.yaml',
  'policy.yaml',
  'env.example',
])

export async function loadOverlay(
  dir: string,
  options: { validators?: readonly FileValidator[]; now?: () => number } = {},
): Promise<Overlay> {
  const configDir = join(dir, 'config')
  if (!existsSync(configDir)) throw E.DEPLOY_NO_OVERLAY({ dir })
  refuseSymlink(configDir, 'config/')
  if (!lstatSync(configDir).isDirectory()) throw E.DEPLOY_NO_OVERLAY({ dir })
  const overlay: Overlay = { dir, files: [], sources: {}, warnings: [] }
  const rel = (abs: string) => relative(dir, abs).split(sep).join('/')
  const add = (abs: string, path: string, kind: OverlayFile['kind'] = 'link') => {
    const content = Buffer.from(readTextFile(abs))
    overlay.files.push({ path, from: rel(abs), content, mode: isPrivatePath(path) ? 0o600 : 0o644, kind })
    return content.toString()
  }
  const yaml = async (abs: string, allowEmpty = false) => {
    const text = readTextFile(abs)
    // Checked as Hermes reads it: strict JSON for .json, PyYAML safe_load's tags for YAML.
    if (abs.endsWith('.json')) checkStrictJson(text, rel(abs))
    const source = parseYamlText(text, rel(abs), { allowEmpty })
    if (!abs.endsWith('.json')) checkSafeLoadTags(source)
    overlay.sources[rel(abs)] = source
    for (const v of options.validators ?? []) {
      if (OVERLAY_VALIDATORS.has(v.name) || !v.match(rel(abs))) continue
      const out = await v.validate(source)
      for (const w of out?.warnings ?? []) overlay.warnings.push(`${rel(abs)}: ${w}`)
    }
    return source
  }
  const notMapping = (s: YamlSource) =>
    s.value !== null && (typeof s.value !== 'object' || Array.isArray(s.value))

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

  const envDoc = join(configDir, 'env.example')
  const documented = existsSync(envDoc) ? documentedVars(readTextFile(envDoc)) : new Set<string>()

  const configYaml = join(configDir, 'config.yaml')
  if (existsSync(configYaml)) {
    const source = await yaml(configYaml, true)
    overlay.warnings.push(...checkConfigYaml(source, documented, 'config/env.example'))
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
    overlay.jobs = source.value == null ? [] : readCronYaml(source, options.now)
  }
  const policy = join(configDir, 'policy.yaml')
  if (existsSync(policy)) {
    const source = await yaml(policy, true)
    if (notMapping(source)) throw E.YAML_NOT_MAPPING({ found: 'something else' }, { loc: source.locate([]) })
  }
  for (const file of listDir(join(configDir, 'memories'))) {
    const name = file.slice(file.lastIndexOf(sep) + 1)
    if (!NAME.test(name) || !name.endsWith('.md'))
      throw E.DEPLOY_BAD_FILE(
        { reason: `memories/ holds .md files only (${name})` },
        { loc: { file: rel(file) } },
      )
    add(file, `memories/${name}`, 'seed')
  }
  const pluginsDir = join(configDir, 'hermes-plugins')
  for (const file of listDir(pluginsDir, true)) {
    const sub = relative(pluginsDir, file).split(sep)
    if (!sub.every((s) => NAME.test(s)))
      throw E.DEPLOY_BAD_FILE({ reason: `bad file name in ${rel(file)}` }, { loc: { file: rel(file) } })
    if (/\.(ya?ml|json)$/.test(file)) await yaml(file)
    add(file, `plugins/${sub.join('/')}`)
  }
  for (const file of listDir(join(dir, 'skins'))) {
    const name = file.slice(file.lastIndexOf(sep) + 1)
    if (name.endsWith('.yml'))
      throw skinErrors.SKIN_BAD_EXTENSION({ file: rel(file) }, { loc: { file: rel(file) } })
    if (!name.endsWith('.yaml')) continue
    if (!SKIN_NAME.test(name.slice(0, -'.yaml'.length)))
      throw E.DEPLOY_BAD_FILE(
        { reason: `skin file name ${name} must match ${SKIN_NAME.source} before .yaml` },
        { loc: { file: rel(file) } },
      )
    const source = await yaml(file)
    if (notMapping(source)) throw E.YAML_NOT_MAPPING({ found: 'a non-mapping' }, { loc: source.locate([]) })
    const skinName = (source.value as { name?: unknown }).name
    if (typeof skinName === 'string' && !SKIN_NAME.test(skinName))
      throw skinErrors.SKIN_INVALID(
        {
          reason: `"name" ${JSON.stringify(skinName)} must match ${SKIN_NAME.source} (lower-case letters, digits, _ and -)`,
        },
        { loc: source.locate(['name']) },
      )
    add(file, `skins/${name}`)
  }
  const skin = (overlay.sources['config/config.yaml']?.value as { display?: { skin?: unknown } } | null)
    ?.display?.skin
  if (
    typeof skin === 'string' &&
    skin &&
    !BUILTIN_SKINS.has(skin) &&
    !overlay.files.some((f) => f.path === `skins/${skin}.yaml`)
  ) {
    const loc = overlay.sources['config/config.yaml']!.locate(['display', 'skin'])
    overlay.warnings.push(
      `${loc.file}:${loc.line}:${loc.col}: display.skin "${skin}" is neither built in nor in skins/ (Hermes falls back to default)`,
    )
  }
  return overlay
}

/** Hermes' built-in skins (FORMATS.md §2). */
const BUILTIN_SKINS = new Set([
  'default',
  'ares',
  'mono',
  'slate',
  'daylight',
  'warm-lightmode',
  'poseidon',
  'sisyphus',
  'charizard',
])

/** A symlinked overlay file or folder would make deploy read (and ship) whatever it points to. */
function refuseSymlink(abs: string, shown: string): void {
  if (lstatSync(abs).isSymbolicLink())
    throw E.DEPLOY_BAD_FILE(
      { reason: `${shown} is a symlink; put the real file or folder in the overlay` },
      { loc: { file: abs } },
    )
}

function listDir(dir: string, recursive = false): string[] {
  if (!existsSync(dir) && !isLink(dir)) return []
  refuseSymlink(dir, dir)
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === '__pycache__') continue
    const full = join(dir, e.name)
    if (e.isDirectory() && recursive) out.push(...listDir(full, true))
    else if (e.isFile()) out.push(full)
    else if (e.isSymbolicLink())
      throw E.DEPLOY_BAD_FILE(
        { reason: `${e.name} is a symlink; put the real file in the overlay` },
        { loc: { file: full } },
      )
  }
  return out
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
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
