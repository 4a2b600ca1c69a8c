/** Where timmy's own files are, from source, from dist/, or from dist/'s bundled chunks (one level down too). */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/** The installed package's root (where skins/, playbooks/, config/ live). */
export function packageRoot(): string {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  cached = dir
  return dir
}

/** A module of timmy's own by its path from the folder holding core/ and plugins/ (the repository or dist/), written `.js`: the `.ts` source when run from source. */
export function ownModule(rel: string): string {
  const js = join(dirname(fileURLToPath(import.meta.url)), '..', rel)
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts')
}

/** Folder of the built-in plugins: beside core/ (source: ./plugins, installed: ./dist/plugins). */
export const builtinPluginsDir = (): string => join(dirname(fileURLToPath(import.meta.url)), '..', 'plugins')
