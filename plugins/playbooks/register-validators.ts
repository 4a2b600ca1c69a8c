/**
 * `timmy validate` checks a file as the kinds its content shows (wherever it lives): lanes.yaml,
 * playbooks, fixtures' expect.yaml; by path (relative to the project folder) only when no validator
 * recognises the content.
 */
import { isAbsolute, relative } from 'node:path'
import type { PluginHost } from '../../core/plugin.js'
import { looksLike } from './detect-kind.js'
import type { PlaybooksService } from './service.js'

export function registerPlaybookValidators(
  host: PluginHost,
  service: PlaybooksService,
  root: string,
  dir: string,
): void {
  const rel = relative(root, dir).split('\\').join('/')
  const prefix = isAbsolute(rel) || rel.startsWith('..') ? undefined : rel ? `${rel}/` : ''
  const inDir = (p: string) =>
    prefix !== undefined && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')
  host.registerValidator({
    name: 'lanes',
    match: (p) => inDir(p) && /(^|\/)lanes\.ya?ml$/i.test(p),
    detect: (source) => looksLike(source, 'lanes'),
    validate: async (source) => (await import('./validate-lanes.js')).validateLanes(source),
  })
  host.registerValidator({
    name: 'playbook',
    match: (p) => inDir(p) && /\.ya?ml$/i.test(p) && !/(^|\/)lanes\.ya?ml$/i.test(p),
    detect: (source) => looksLike(source, 'playbook'),
    validate: (source) => service.check(source),
  })
  host.registerValidator({
    name: 'playbook fixture',
    match: (p) => prefix !== undefined && p.startsWith(`${prefix}fixtures/`) && /\/expect\.ya?ml$/i.test(p),
    detect: (source) => looksLike(source, 'expect'),
    validate: async (source) => (await import('./test-fixtures.js')).validateExpect(source),
  })
}
