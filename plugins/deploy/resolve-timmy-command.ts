/**
 * The command Hermes runs to start this timmy (`mcp_servers.timmy`), when the operator set none:
 * `timmy` when it resolves on PATH to this same install's entry script, else the absolute node binary
 * with the absolute entry script as the first arg (a clone run as `node dist/core/cli/bin.js`, or an
 * install not on Hermes' PATH). A source checkout (bin.ts, no build) adds tsx's loader.
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface TimmyCommand {
  command: string
  /** Args before timmy's own (`mcp …`). */
  args: string[]
}

/** This install's entry script: dist/core/cli/bin.js when built, else core/cli/bin.ts (source). */
function entryScript(): { path: string; source: boolean } {
  const built = fileURLToPath(new URL('../../core/cli/bin.js', import.meta.url))
  if (existsSync(built)) return { path: built, source: false }
  return { path: fileURLToPath(new URL('../../core/cli/bin.ts', import.meta.url)), source: true }
}

function realpathOr(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/** The first `timmy` file on `pathVar`, by its real path (an npm install links it to the entry script). */
function timmyOnPath(pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'timmy')
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return realpathOr(candidate)
  }
  return undefined
}

export function resolveTimmyCommand(pathVar = process.env.PATH ?? ''): TimmyCommand {
  const entry = entryScript()
  const real = realpathOr(entry.path) ?? entry.path
  if (timmyOnPath(pathVar) === real) return { command: 'timmy', args: [] }
  const loader = entry.source ? ['--import', import.meta.resolve('tsx')] : []
  return { command: process.execPath, args: [...loader, entry.path] }
}
