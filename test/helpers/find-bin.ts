/** An executable on PATH (what `command -v` finds), for tests that need a system tool and skip without it. */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

export function findBin(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const file = join(dir, name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {}
  }
  return undefined
}
