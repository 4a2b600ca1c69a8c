/**
 * `timmy skin preview`: the banner as Hermes would draw it — border, title, welcome text, colour
 * swatches, a spinner frame and the prompt. Hermes shallow-merges `colors` and `branding` over its
 * `default` skin, so the preview does too. Colour is truecolor ANSI unless NO_COLOR is set.
 */
import type { SkinDoc } from '../../core/hooks.js'

/** The few values of Hermes' `default` skin that the preview falls back on (FORMATS.md §2, merging). */
const DEFAULT_COLORS: Record<string, string> = {
  banner_border: '#CD7F32',
  banner_title: '#FFD700',
  banner_accent: '#FFBF00',
  banner_dim: '#B8860B',
  banner_text: '#FFF8DC',
  prompt: '#FFF8DC',
}
const DEFAULT_BRANDING: Record<string, string> = {
  agent_name: 'Hermes Agent',
  welcome: 'Welcome to Hermes Agent! Type your message or /help for commands.',
  prompt_symbol: '❯',
  response_label: ' ⚕ Hermes ',
}

export function renderPreview(skin: SkinDoc, options: { color: boolean; width?: number }): string {
  const colors = { ...DEFAULT_COLORS, ...((skin.colors as Record<string, string>) ?? {}) }
  const branding = { ...DEFAULT_BRANDING, ...((skin.branding as Record<string, string>) ?? {}) }
  const paint = (hex: string | undefined, text: string, bold = false): string => {
    if (!options.color || !hex || !/^#[0-9a-f]{6}$/i.test(hex)) return text
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
    return `\x1b[${bold ? '1;' : ''}38;2;${r};${g};${b}m${text}\x1b[0m`
  }
  const width = Math.max(40, Math.min(options.width ?? 72, 100))
  const inner = width - 4
  const fit = (text: string) => (text.length > inner ? `${text.slice(0, inner - 1)}…` : text.padEnd(inner))
  const border = (s: string) => paint(colors.banner_border, s)
  const lines: string[] = []
  lines.push(border(`╭${'─'.repeat(width - 2)}╮`))
  lines.push(
    `${border('│')} ${paint(colors.banner_title, fit(branding.agent_name ?? ''), true)} ${border('│')}`,
  )
  lines.push(`${border('│')} ${paint(colors.banner_dim, fit(String(skin.description ?? '')))} ${border('│')}`)
  lines.push(`${border('│')} ${paint(colors.banner_text, fit(branding.welcome ?? ''))} ${border('│')}`)
  lines.push(border(`╰${'─'.repeat(width - 2)}╯`))
  const spinner =
    (skin.spinner as { thinking_faces?: string[]; thinking_verbs?: string[]; wings?: string[][] }) ?? {}
  const [left, right] = spinner.wings?.[0] ?? ['', '']
  const face = spinner.thinking_faces?.[0] ?? '(◕‿◕)'
  const verb = spinner.thinking_verbs?.[0] ?? 'thinking'
  lines.push('')
  lines.push(`${paint(colors.banner_accent, `${left}${face} ${verb}…${right}`)}`)
  lines.push(`${paint(colors.ui_accent ?? colors.banner_accent, branding.response_label ?? '')}`)
  lines.push(`${paint(colors.prompt, `${branding.prompt_symbol ?? '❯'} `)}`)
  lines.push('')
  lines.push('colours:')
  for (const [key, hex] of Object.entries((skin.colors as Record<string, string>) ?? {})) {
    lines.push(`  ${paint(hex, '██')} ${key.padEnd(32)} ${hex}`)
  }
  return `${lines.join('\n')}\n`
}
