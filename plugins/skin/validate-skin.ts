/**
 * Validate a Hermes skin (FORMATS.md §2) more strictly than Hermes does: `name` is required, sections
 * must be mappings, colours must be `#rrggbb`, every `wings` entry is a pair of strings. Unknown keys
 * load in Hermes, so they are warnings here, with a did-you-mean.
 */
import type { YamlSource } from '../../core/config/yaml-source.js'
import type { SkinDoc } from '../../core/hooks.js'
import { checkBranding, checkColors, checkSpinner, checkToolEmojis } from './check-skin-sections.js'
import { E } from './errors.js'
import { createSkinChecker, isMap, kindOf } from './skin-checker.js'
import { TOP_KEYS } from './skin-keys.js'

export { BRANDING_KEYS, COLOR_KEYS, SPINNER_KEYS, TOP_KEYS } from './skin-keys.js'

export interface SkinCheck {
  skin: SkinDoc
  warnings: string[]
}

/** `skinName`: the hermes service's rule for a skin's name (`paths.skinName`). */
export function validateSkin(source: YamlSource, skinName: RegExp): SkinCheck {
  if (!source.file.endsWith('.yaml'))
    throw E.SKIN_BAD_EXTENSION({ file: source.file }, { loc: { file: source.file } })
  const c = createSkinChecker(source)
  const { fail, warnUnknown } = c
  const doc = source.value
  if (!isMap(doc)) throw fail([], `the top level must be a mapping of skin keys, found ${kindOf(doc)}`)
  if (!('name' in doc)) throw fail([], 'the "name" key is required (Hermes rejects a user skin without it)')
  if (typeof doc.name !== 'string' || doc.name.trim() === '')
    throw fail(['name'], `"name" must be a non-empty string, found ${kindOf(doc.name)}`)
  if (!skinName.test(doc.name))
    throw fail(
      ['name'],
      `"name" ${JSON.stringify(doc.name)} must match ${skinName.source} (lower-case letters, digits, _ and -)`,
    )
  warnUnknown(doc, TOP_KEYS, 'top-level', [])
  for (const key of ['description', 'tool_prefix', 'banner_logo', 'banner_hero'] as const) {
    if (key in doc && typeof doc[key] !== 'string')
      throw fail([key], `"${key}" must be a string, found ${kindOf(doc[key])}`)
  }
  for (const section of ['colors', 'spinner', 'branding', 'tool_emojis'] as const) {
    if (section in doc && !isMap(doc[section]))
      throw fail([section], `"${section}" must be a mapping, found ${kindOf(doc[section])}`)
  }
  if (isMap(doc.colors)) checkColors(c, doc.colors)
  if (isMap(doc.spinner)) checkSpinner(c, doc.spinner)
  if (isMap(doc.branding)) checkBranding(c, doc.branding)
  if (isMap(doc.tool_emojis)) checkToolEmojis(c, doc.tool_emojis)
  return { skin: { ...doc, name: doc.name, file: source.file }, warnings: c.warnings }
}
