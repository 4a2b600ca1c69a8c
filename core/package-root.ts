/** The installed package's root (where skins/, playbooks/, config/ live), from source or from dist/. */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

export function packageRoot(): string {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  cached = dir
  return dir
}

/** Folder of the built-in plugins: beside core/ (source: ./plugins, installed: ./dist/plugins). */
export function builtinPluginsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'plugins')
}
