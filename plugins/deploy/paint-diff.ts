/** A unified diff in colour on a terminal: removed red, added green, hunk headers cyan. */
import { paint } from '../../core/cli/terminal.js'

export function paintDiff(diff: string): string {
  return diff
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---')
        ? paint('bold', l)
        : l.startsWith('@@')
          ? paint('cyan', l)
          : l.startsWith('+')
            ? paint('green', l)
            : l.startsWith('-')
              ? paint('red', l)
              : l,
    )
    .join('\n')
}
