/**
 * Import a user module (config, drop-in plugin) and return its default export. TypeScript files load
 * through tsx's loader (imported only then: no TypeScript compiler, nothing paid for .js files).
 */
import { pathToFileURL } from 'node:url'

export async function importDefault(file: string, viaTsx = /\.[mc]?ts$/.test(file)): Promise<unknown> {
  const url = pathToFileURL(file).href
  let mod: { default?: unknown }
  if (viaTsx) {
    const { tsImport } = await import('tsx/esm/api')
    mod = (await tsImport(url, import.meta.url)) as { default?: unknown }
  } else {
    mod = (await import(url)) as { default?: unknown }
  }
  let value = mod.default
  // A TypeScript file compiled as CommonJS arrives as { __esModule, default }.
  if (value && typeof value === 'object' && '__esModule' in value && 'default' in value) {
    value = (value as { default: unknown }).default
  }
  return value
}
