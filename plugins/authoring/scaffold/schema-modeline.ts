/**
 * The first line of a scaffolded YAML file: `# yaml-language-server: $schema=<path>`, relative to the
 * file, into the project's installed copy of timmy (`node_modules/<package>/schemas/<kind>.schema.json`),
 * so an editor with the YAML language server checks the file once `npm install -D` has run.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { packageRoot } from '../../../core/package-root.js'

export type SchemaKind = 'playbook' | 'lanes' | 'expect'

export function schemaModeline(rel: string, kind: SchemaKind): string {
  const target = join('node_modules', packageName(), 'schemas', `${kind}.schema.json`)
  const path = relative(dirname(rel), target).split('\\').join('/')
  return `# yaml-language-server: $schema=${path}\n`
}

function packageName(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name?: string }
    return pkg.name ?? '@timmy-fleet/timmy'
  } catch {
    return '@timmy-fleet/timmy'
  }
}
