/** The checks of a skin's sections: colors, spinner (faces, verbs, wings), branding, tool_emojis. */
import { kindOf, type SkinChecker } from './skin-checker.js'
import { BRANDING_KEYS, COLOR_KEYS, SPINNER_KEYS } from './skin-keys.js'

const HEX = /^#[0-9a-fA-F]{6}$/

/** Known colour keys; every value a `#rrggbb` string. */
export function checkColors(c: SkinChecker, colors: Record<string, unknown>): void {
  const { fail, warnUnknown } = c
  warnUnknown(colors, COLOR_KEYS, 'colors', ['colors'])
  for (const [key, value] of Object.entries(colors)) {
    if (typeof value !== 'string' || !HEX.test(value)) {
      throw fail(['colors', key], `colour "${key}" must be a hex string "#rrggbb", found ${kindOf(value)}`)
    }
  }
}

/** Known spinner keys; the faces and verbs lists of strings; wings a list of [left, right] pairs. */
export function checkSpinner(c: SkinChecker, spinner: Record<string, unknown>): void {
  const { fail, warnUnknown } = c
  warnUnknown(spinner, SPINNER_KEYS, 'spinner', ['spinner'])
  for (const key of ['waiting_faces', 'thinking_faces', 'thinking_verbs'] as const) {
    const list = spinner[key]
    if (list === undefined) continue
    if (!Array.isArray(list))
      throw fail(['spinner', key], `"spinner.${key}" must be a list of strings, found ${kindOf(list)}`)
    list.forEach((item, i) => {
      if (typeof item !== 'string')
        throw fail(['spinner', key, i], `"spinner.${key}[${i}]" must be a string, found ${kindOf(item)}`)
    })
  }
  const wings = spinner.wings
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

/** Known branding keys; every value a string. */
export function checkBranding(c: SkinChecker, branding: Record<string, unknown>): void {
  const { fail, warnUnknown } = c
  warnUnknown(branding, BRANDING_KEYS, 'branding', ['branding'])
  for (const [key, value] of Object.entries(branding)) {
    if (typeof value !== 'string')
      throw fail(['branding', key], `"branding.${key}" must be a string, found ${kindOf(value)}`)
  }
}

/** Every tool emoji a string (any tool name). */
export function checkToolEmojis(c: SkinChecker, emojis: Record<string, unknown>): void {
  const { fail } = c
  for (const [key, value] of Object.entries(emojis)) {
    if (typeof value !== 'string')
      throw fail(['tool_emojis', key], `"tool_emojis.${key}" must be a string, found ${kindOf(value)}`)
  }
}
