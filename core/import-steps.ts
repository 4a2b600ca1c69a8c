/**
 * A plugin's `steps` module (core/plugin.ts), loaded the same way everywhere: the playbook runtime's
 * catalogue, the pool's workers and `timmy plugins`. TypeScript steps of a drop-in go through tsx.
 */
import { existsSync } from 'node:fs'
import { sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { reasonOf } from './errors.js'
import { compileCached } from './import-module.js'
import { packageRoot } from './package-root.js'
import { registerSelfResolve } from './resolve-self.js'

/**
 * Resolve a steps reference to a file: URL that exists (`steps.js` → `steps.ts` when run from source).
 * A TypeScript steps module outside timmy (a drop-in's) is compiled once to a cached ESM file, as its
 * index is, so the worker imports plain JavaScript and `from 'timmy'` resolves without node_modules.
 */
export function stepsModuleUrl(steps: URL | string): string {
  const href =
    typeof steps === 'string' && !/^[a-z]+:/i.test(steps) ? pathToFileURL(steps).href : String(steps)
  if (!href.startsWith('file:')) return href
  let path = fileURLToPath(href)
  if (!existsSync(path) && /\.js$/.test(path)) {
    const ts = path.replace(/\.js$/, '.ts')
    if (!existsSync(ts)) return href
    path = ts
  }
  if (/\.m?ts$/.test(path) && !path.startsWith(`${packageRoot()}${sep}`)) {
    const compiled = compileCached(path)
    if (compiled) return pathToFileURL(compiled).href
  }
  return pathToFileURL(path).href
}

export async function importSteps(url: string): Promise<Record<string, unknown>> {
  // a drop-in's steps may `import … from 'timmy'`; timmy's own need no resolve hook (it slows every later import)
  if (!url.startsWith(pathToFileURL(`${packageRoot()}${sep}`).href)) registerSelfResolve()
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      const { tsImport } = await import('tsx/esm/api')
      return (await tsImport(url, import.meta.url)) as Record<string, unknown>
    }
    throw err
  }
}

/** The step names of one steps module, loaded the way the catalogue loads it (TypeScript through tsx). */
export async function listSteps(steps: URL | string): Promise<{ steps: string[]; error?: string }> {
  try {
    const mod = await importSteps(stepsModuleUrl(steps))
    return { steps: Object.keys(mod).filter((k) => k !== 'default' && typeof mod[k] === 'function') }
  } catch (err) {
    return { steps: [], error: reasonOf(err).split('\n')[0] }
  }
}
