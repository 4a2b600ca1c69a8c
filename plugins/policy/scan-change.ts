/** The banned-provider scan of a proposed change (a PR): its title, body and the lines its diff adds. */
import type { ChangeToScan, PolicyFinding } from './types.js'

export function scanChange(change: ChangeToScan, banned: readonly string[]): PolicyFinding[] {
  const out: PolicyFinding[] = []
  const scan = (where: PolicyFinding['where'], lines: readonly string[]) => {
    for (const line of lines) {
      const lower = line.toLowerCase()
      for (const provider of banned)
        if (lower.includes(provider.toLowerCase()))
          out.push({ rule: 'banned-provider', where, provider, text: line.trim() })
    }
  }
  scan('title', [change.title ?? ''])
  scan('body', (change.body ?? '').split(/\r?\n/))
  scan(
    'diff',
    (change.diff ?? '')
      .split(/\r?\n/)
      .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      .map((l) => l.slice(1)),
  )
  return out
}
