/** `timmy policy scan <paths…>`: the policy in force (the service's `resolve`) over files and folders. */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import { loadYamlFile, readTextFile } from '../../core/config/yaml-source.js'
import type { CommandContext } from '../../core/plugin.js'
import { E } from './errors.js'
import { scanSource, scanText, type Violation } from './scan-policy.js'

const SCAN_EXT = new Set(['.yaml', '.yml', '.json'])

function listFiles(target: string): string[] {
  const st = statSync(target)
  if (st.isFile()) return [target]
  return readdirSync(target, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => listFiles(join(target, e.name)))
}

export async function runPolicyScan(c: CommandContext): Promise<number> {
  const service = c.host.service('policy')
  if (!service) throw E.SERVICE_MISSING({ plugin: 'policy', service: 'policy' })
  const [, ...paths] = c.positionals
  const policyPath = c.values.policy as string | undefined
  const defaultPolicy = resolve('config/policy.yaml')
  const pfile = policyPath ?? (existsSync(defaultPolicy) ? defaultPolicy : undefined)
  const policy = await service.resolve(pfile ? loadYamlFile(pfile, { allowEmpty: true }) : undefined)
  const violations: Violation[] = []
  for (const p of paths) {
    if (!existsSync(p)) throw E.INPUT_UNREADABLE({ reason: 'no such file or folder' }, { loc: { file: p } })
    for (const file of listFiles(p)) {
      if (SCAN_EXT.has(extname(file)))
        violations.push(...scanSource(loadYamlFile(file, { allowEmpty: true }), policy))
      else {
        let text: string
        try {
          text = readTextFile(file)
        } catch {
          continue // binary or unreadable: nothing to scan
        }
        violations.push(...scanText(file, text, policy))
      }
    }
  }
  if (c.json) c.stdout.write(`${JSON.stringify({ ok: violations.length === 0, violations }, null, 2)}\n`)
  else {
    for (const v of violations)
      c.stdout.write(`${v.loc.file}:${v.loc.line}:${v.loc.col}: ${v.rule}: ${v.reason}\n`)
    c.stdout.write(violations.length ? `${violations.length} violation(s)\n` : 'no violations\n')
  }
  return violations.length ? 1 : 0
}
