import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { loadYamlFile } from '../../config/yaml-source.js'
import { E, reasonOf, TimmyError } from '../../errors.js'
import type { Host } from '../../host.js'
import { defineCommand } from '../command.js'

const DEFAULT_DIRS = ['playbooks', 'skins', 'config']
const YAML_FILE = /\.(ya?ml|json)$/i

interface FileResult {
  file: string
  ok: boolean
  kind?: string
  error?: ReturnType<TimmyError['toJSON']>
  warnings: string[]
}

export default defineCommand({
  summary: 'Validate the config and every YAML under playbooks/, skins/, config/',
  description:
    'With no paths, checks the config file and every .yaml/.yml/.json file under playbooks/, skins/ and\n' +
    'config/ of the current folder. Each error names file:line:col and what was expected.\n' +
    'Exit code: 0 when everything is valid, 2 when anything is invalid.',
  args: '[paths...]',
  async run(ctx) {
    const results: FileResult[] = []
    let host: Host | undefined
    try {
      const loaded = await ctx.config()
      if (loaded.file) results.push({ file: loaded.file, ok: true, kind: 'config', warnings: [] })
      host = await ctx.host({ logLevel: 'error' })
    } catch (err) {
      if (!(err instanceof TimmyError)) throw err
      results.push({
        file: err.loc?.file ?? 'config',
        ok: false,
        kind: 'config',
        error: err.toJSON(),
        warnings: [],
      })
    }
    const cwd = process.cwd()
    const targets = ctx.positionals.length
      ? ctx.positionals.map((p) => resolve(cwd, p))
      : DEFAULT_DIRS.map((d) => join(cwd, d)).filter(existsSync)
    for (const target of targets) {
      if (!existsSync(target)) {
        results.push({
          file: target,
          ok: false,
          error: E.INPUT_UNREADABLE({ reason: 'no such file or folder' }, { loc: { file: target } }).toJSON(),
          warnings: [],
        })
        continue
      }
      for (const file of listFiles(target, ctx.positionals.length > 0))
        results.push(await validateFile(file, cwd, host))
    }
    const bad = results.filter((r) => !r.ok)
    if (ctx.json) {
      ctx.printJson({ ok: bad.length === 0, files: results })
    } else {
      for (const r of results) {
        const name = relative(cwd, r.file) || r.file
        if (r.ok) ctx.print(`ok    ${name}${r.kind ? ` (${r.kind})` : ''}`)
        for (const w of r.warnings) ctx.print(`warn  ${name}: ${w}`)
      }
      for (const r of bad) ctx.stderr.write(`${formatError(r)}\n`)
      ctx.print(`${results.length - bad.length} valid, ${bad.length} invalid`)
    }
    return bad.length ? 2 : 0
  },
})

function formatError(r: FileResult): string {
  const e = r.error!
  return `error ${e.file ?? r.file}${e.line ? `:${e.line}:${e.col ?? 1}` : ''}: ${e.code}: ${e.message}`
}

function listFiles(target: string, explicit: boolean): string[] {
  const st = statSync(target)
  if (st.isFile()) return [target]
  const out: string[] = []
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = join(target, entry.name)
    if (entry.isDirectory()) out.push(...listFiles(full, explicit))
    else if (YAML_FILE.test(entry.name)) out.push(full)
  }
  return out
}

export async function validateFile(file: string, cwd: string, host: Host | undefined): Promise<FileResult> {
  const rel = relative(cwd, file).split(sep).join('/')
  const result: FileResult = { file, ok: true, warnings: [] }
  try {
    const source = loadYamlFile(file)
    for (const v of host?.validators ?? []) {
      if (!v.match(rel)) continue
      result.kind = v.name
      const out = await v.validate(source)
      if (out?.warnings) result.warnings.push(...out.warnings)
    }
  } catch (err) {
    const coded =
      err instanceof TimmyError ? err : E.CLI_INTERNAL({ reason: reasonOf(err) }, { loc: { file } })
    result.ok = false
    result.error = coded.toJSON()
    if (!result.error.file) result.error = { ...result.error, file }
  }
  return result
}
