/** The collector loadOverlay fills: add a file to ship, parse a YAML/JSON source and run its validators. */
import { relative, sep } from 'node:path'
import { parseYamlText, readTextFile, type YamlSource } from '../../core/config/yaml-source.js'
import type { FileValidator } from '../../core/plugin.js'
import type { HermesService } from '../hermes/types.js'
import { checkSafeLoadTags, checkStrictJson } from './check-reader-syntax.js'
import type { Overlay, OverlayFile } from './overlay.js'

/** Validators the deploy plugin registers for `timmy validate`; the overlay checks these files itself. */
export const OVERLAY_VALIDATORS = new Set(['hermes-config', 'hermes-cron'])

export interface OverlayOptions {
  hermes: HermesService
  validators?: readonly FileValidator[]
  now?: () => number
}

export interface OverlayReader {
  dir: string
  overlay: Overlay
  options: OverlayOptions
  /** Project-relative, `/`-separated. */
  rel(abs: string): string
  /** Ship `abs` as `path` under `$HERMES_HOME`; returns its text. */
  add(abs: string, path: string, kind?: OverlayFile['kind']): string
  /** Parse as Hermes reads it, record it in `overlay.sources`, run the other validators that match. */
  yaml(abs: string, allowEmpty?: boolean): Promise<YamlSource>
}

export function createOverlayReader(dir: string, options: OverlayOptions): OverlayReader {
  const overlay: Overlay = { dir, files: [], sources: {}, warnings: [] }
  const rel = (abs: string) => relative(dir, abs).split(sep).join('/')
  const add = (abs: string, path: string, kind: OverlayFile['kind'] = 'link') => {
    const content = Buffer.from(readTextFile(abs))
    overlay.files.push({
      path,
      from: rel(abs),
      content,
      mode: options.hermes.paths.isPrivatePath(path) ? 0o600 : 0o644,
      kind,
    })
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
  return { dir, overlay, options, rel, add, yaml }
}

/** A value that is there but is not a mapping. */
export function notMapping(s: YamlSource): boolean {
  return s.value !== null && (typeof s.value !== 'object' || Array.isArray(s.value))
}
