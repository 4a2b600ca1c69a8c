/**
 * Validate a Hermes skin (FORMATS.md §2) more strictly than Hermes does: `name` is required, sections
 * must be mappings, colours must be `#rrggbb`, every `wings` entry is a pair of strings. Unknown keys
 * load in Hermes, so they are warnings here, with a did-you-mean.
 */
import type { YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import type { SkinDoc } from '../../core/hooks.js'
import { SKIN_NAME } from '../hermes/hermes-paths.js'
import { E } from './errors.js'

export const TOP_KEYS = [
  'name',
  'description',
  'colors',
  'spinner',
  'branding',
  'tool_prefix',
  'tool_emojis',
  'banner_logo',
  'banner_hero',
] as const

export const COLOR_KEYS = [
  'banner_border',
  'banner_title',
  'banner_accent',
  'banner_dim',
  'banner_text',
  'ui_accent',
  'ui_label',
  'ui_ok',
  'ui_error',
  'ui_warn',
  'prompt',
  'input_rule',
  'response_border',
  'status_bar_bg',
  'status_bar_text',
  'status_bar_strong',
  'status_bar_dim',
  'status_bar_good',
  'status_bar_warn',
  'status_bar_bad',
  'status_bar_critical',
  'session_label',
  'session_border',
  'voice_status_bg',
  'selection_bg',
  'completion_menu_bg',
  'completion_menu_current_bg',
  'completion_menu_meta_bg',
  'completion_menu_meta_current_bg',
] as const

export const SPINNER_KEYS = ['waiting_faces', 'thinking_faces', 'thinking_verbs', 'wings'] as const
export const BRANDING_KEYS = [
  'agent_name',
  'welcome',
  'goodbye',
  'response_label',
  'prompt_symbol',
  'help_header',
] as const

const HEX = /^#[0-9a-fA-F]{6}$/

export interface SkinCheck {
  skin: SkinDoc
  warnings: string[]
}

export function validateSkin(source: YamlSource): SkinCheck {
  const fail = (path: (string | number)[], reason: string, at: 'key' | 'value' = 'value') =>
    E.SKIN_INVALID({ reason }, { loc: source.locate(path, at) })
  if (!source.file.endsWith('.yaml'))
    throw E.SKIN_BAD_EXTENSION({ file: source.file }, { loc: { file: source.file } })
  const doc = source.value
  if (!isMap(doc)) throw fail([], `the top level must be a mapping of skin keys, found ${kindOf(doc)}`)
  const warnings: string[] = []
  const warnUnknown = (
    obj: Record<string, unknown>,
    known: readonly string[],
    where: string,
    path: string[],
  ) => {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue
      const loc = source.locate([...path, key], 'key')
      const hint = didYouMean(key, known)
      warnings.push(
        `${loc.line}:${loc.col}: unknown ${where} key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; Hermes ignores it`,
      )
    }
  }
  if (!('name' in doc)) throw fail([], 'the "name" key is required (Hermes rejects a user skin without it)')
  if (typeof doc.name !== 'string' || doc.name.trim() === '')
    throw fail(['name'], `"name" must be a non-empty string, found ${kindOf(doc.name)}`)
  if (!SKIN_NAME.test(doc.name))
    throw fail(
      ['name'],
      `"name" ${JSON.stringify(doc.name)} must match ${SKIN_NAME.source} (lower-case letters, digits, _ and -)`,
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
  if (isMap(doc.colors)) {
    warnUnknown(doc.colors, COLOR_KEYS, 'colors', ['colors'])
    for (const [key, value] of Object.entries(doc.colors)) {
      if (typeof value !== 'string' || !HEX.test(value)) {
        throw fail(['colors', key], `colour "${key}" must be a hex string "#rrggbb", found ${kindOf(value)}`)
      }
    }
  }
  if (isMap(doc.spinner)) {
    warnUnknown(doc.spinner, SPINNER_KEYS, 'spinner', ['spinner'])
    for (const key of ['waiting_faces', 'thinking_faces', 'thinking_verbs'] as const) {
      const list = doc.spinner[key]
      if (list === undefined) continue
      if (!Array.isArray(list))
        throw fail(['spinner', key], `"spinner.${key}" must be a list of strings, found ${kindOf(list)}`)
      list.forEach((item, i) => {
        if (typeof item !== 'string')
          throw fail(['spinner', key, i], `"spinner.${key}[${i}]" must be a string, found ${kindOf(item)}`)
      })
    }
    const wings = doc.spinner.wings
    if (wings !== undefined) {
      if (!Array.isArray(wings))
        throw fail(
          ['spinner', 'wings'],
          `"spinner.wings" must be a list of [left, right] pairs, found ${kindOf(wings)}`,
        )
      wings.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2 || pair.some((s) => typeof s !== 'string')) {
          throw fail(
            ['spinner', 'wings', i],
            `"spinner.wings[${i}]" must be a pair of strings [left, right], found ${kindOf(pair)}`,
          )
        }
      })
    }
  }
  if (isMap(doc.branding)) {
    warnUnknown(doc.branding, BRANDING_KEYS, 'branding', ['branding'])
    for (const [key, value] of Object.entries(doc.branding)) {
      if (typeof value !== 'string')
        throw fail(['branding', key], `"branding.${key}" must be a string, found ${kindOf(value)}`)
    }
  }
  if (isMap(doc.tool_emojis)) {
    for (const [key, value] of Object.entries(doc.tool_emojis)) {
      if (typeof value !== 'string')
        throw fail(['tool_emojis', key], `"tool_emojis.${key}" must be a string, found ${kindOf(value)}`)
    }
  }
  return { skin: { ...doc, name: doc.name, file: source.file }, warnings }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (Array.isArray(v)) return `a list of ${v.length}`
  if (typeof v === 'object') return 'a mapping'
  return `${typeof v} ${JSON.stringify(v).slice(0, 40)}`
}
