/**
 * Let a drop-in (and its steps module) `import { definePlugin } from 'timmy'` with no node_modules of
 * its own: a module resolve hook (node:module `register`) that, only when Node's own resolution of
 * `timmy` (or the package's published name) fails, answers with this running copy of timmy's public
 * API (core/index). A project that installs timmy itself keeps its own resolution. Registered once per
 * thread, lazily, before a non-built-in plugin or steps module is imported; the hook is plain
 * JavaScript in a data: URL, so it loads the same from source (tsx) and from dist/.
 */
import { readFileSync } from 'node:fs'
import { register } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ownModule, packageRoot } from './package-root.js'

const HOOK = `
let target, names
export async function initialize(data) { target = data.target; names = data.names }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context)
  } catch (err) {
    if (names.includes(specifier) && err && err.code === 'ERR_MODULE_NOT_FOUND') return { url: target, shortCircuit: true }
    throw err
  }
}
`

let registered = false

/** The file: URL of the public API module of this copy of timmy (dist/core/index.js, or core/index.ts from source). */
export function selfUrl(): string {
  return pathToFileURL(ownModule('core/index.js')).href
}

export function registerSelfResolve(): void {
  if (registered) return
  registered = true
  const names = ['timmy']
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name?: string }
    if (pkg.name && !names.includes(pkg.name)) names.push(pkg.name)
  } catch {
    // no package.json: 'timmy' alone
  }
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, {
    data: { target: selfUrl(), names },
  })
}
