/** The overlay's folders: memories/ (seeds), hermes-plugins/, skins/, and the display.skin check. */
import { join, relative, sep } from 'node:path'
import { E as skinErrors } from '../skin/errors.js'
import { E } from './errors.js'
import { listDir } from './list-overlay-dir.js'
import { notMapping, type OverlayReader } from './overlay-reader.js'

const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** config/memories/*.md → memories/*, copied only when absent. */
export function readMemories(r: OverlayReader, configDir: string): void {
  const { rel, add } = r
  for (const file of listDir(join(configDir, 'memories'))) {
    const name = file.slice(file.lastIndexOf(sep) + 1)
    if (!NAME.test(name) || !name.endsWith('.md'))
      throw E.DEPLOY_BAD_FILE(
        { reason: `memories/ holds .md files only (${name})` },
        { loc: { file: rel(file) } },
      )
    add(file, `memories/${name}`, 'seed')
  }
}

/** config/hermes-plugins/<name>/** → plugins/<name>/** (YAML and JSON in them parsed). */
export async function readHermesPlugins(r: OverlayReader, configDir: string): Promise<void> {
  const { rel, add, yaml } = r
  const pluginsDir = join(configDir, 'hermes-plugins')
  for (const file of listDir(pluginsDir, true)) {
    const sub = relative(pluginsDir, file).split(sep)
    if (!sub.every((s) => NAME.test(s)))
      throw E.DEPLOY_BAD_FILE({ reason: `bad file name in ${rel(file)}` }, { loc: { file: rel(file) } })
    if (/\.(ya?ml|json)$/.test(file)) await yaml(file)
    add(file, `plugins/${sub.join('/')}`)
  }
}

/** skins/<name>.yaml → skins/<name>.yaml: file name and `name:` checked. */
export async function readSkins(r: OverlayReader): Promise<void> {
  const { dir, rel, add, yaml } = r
  for (const file of listDir(join(dir, 'skins'))) {
    const name = file.slice(file.lastIndexOf(sep) + 1)
    if (name.endsWith('.yml'))
      throw skinErrors.SKIN_BAD_EXTENSION({ file: rel(file) }, { loc: { file: rel(file) } })
    if (!name.endsWith('.yaml')) continue
    if (!r.options.hermes.paths.skinName.test(name.slice(0, -'.yaml'.length)))
      throw E.DEPLOY_BAD_FILE(
        {
          reason: `skin file name ${name} must match ${r.options.hermes.paths.skinName.source} before .yaml`,
        },
        { loc: { file: rel(file) } },
      )
    const source = await yaml(file)
    if (notMapping(source)) throw E.YAML_NOT_MAPPING({ found: 'a non-mapping' }, { loc: source.locate([]) })
    const skinName = (source.value as { name?: unknown }).name
    if (typeof skinName === 'string' && !r.options.hermes.paths.skinName.test(skinName))
      throw skinErrors.SKIN_INVALID(
        {
          reason: `"name" ${JSON.stringify(skinName)} must match ${r.options.hermes.paths.skinName.source} (lower-case letters, digits, _ and -)`,
        },
        { loc: source.locate(['name']) },
      )
    add(file, `skins/${name}`)
  }
}

/** Warn when config.yaml's display.skin is neither built in nor shipped in skins/. */
export function warnUnknownSkin(r: OverlayReader): void {
  const { overlay } = r
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
