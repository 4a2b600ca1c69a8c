import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { type FileResult, validateFile } from '../../config/validate-file.js'
import { E, TimmyError } from '../../errors.js'
import type { Host } from '../../host.js'
import { defineCommand } from '../command.js'

const DEFAULT_DIRS = ['playbooks', 'skins', 'config'] // layers: not a plugin name (the project's folders)
const YAML_FILE = /\.(ya?ml|json)$/i

export default defineCommand({
  summary: 'Validate the config and every YAML under playbooks/, skins/, config/',
  description:
    'With no paths, checks the config file and every .yaml/.yml/.json file under playbooks/, skins/ and\n' +
    "config/ of the project (the config file's folder, found from here up). A file is checked as the kind\n" +
    'its content shows (playbook, lanes, expect, skin, cron, policy, config), wherever it lives; every\n' +
    "error of a file is listed, each with file:line:col and what was expected. The config's\n" +
    'pluginOptions.queue.periodic tasks must name registered tasks.\n' +
    'Exit code: 0 when everything is valid, 2 when anything is invalid.',
  args: '[paths...]',
  async run(ctx) {
    const results: FileResult[] = []
    let host: Host | undefined
    const cwd = process.cwd()
    let root = cwd
    try {
      const loaded = await ctx.config()
      root = loaded.paths.project ?? cwd
      if (loaded.file)
        results.push({ file: loaded.file, ok: true, checked: true, kind: 'config', errors: [], warnings: [] })
      const booted = await ctx.host({ logLevel: 'error' })
      host = booted
      const unknown = booted.plugins
        .flatMap((p) => p.plugin.checkConfig?.({ loaded, options: p.options, tasks: booted.tasks }) ?? [])
        .map((e) => e.toJSON())
      if (unknown.length && results[0])
        Object.assign(results[0], { ok: false, error: unknown[0], errors: unknown })
    } catch (err) {
      if (!(err instanceof TimmyError)) throw err
      // the config file, listed as loaded, failed at boot (a moved key, bad plugin options): one entry
      const first = results[0]
      const same = first?.kind === 'config' && (!err.loc || err.loc.file === first.file)
      const failed = { ...failedResult(same ? first.file : (err.loc?.file ?? 'config'), err), kind: 'config' }
      if (same) results[0] = failed
      else results.push(failed)
    }
    const configFile = results[0]?.file
    const targets = ctx.positionals.length
      ? ctx.positionals.map((p) => resolve(cwd, p))
      : DEFAULT_DIRS.map((d) => join(root, d)).filter(existsSync)
    if (!results.length && !targets.length) throw E.CLI_NOTHING_TO_VALIDATE({ dir: cwd })
    for (const target of targets) {
      if (!existsSync(target)) {
        const error = E.INPUT_UNREADABLE({ reason: 'no such file or folder' }, { loc: { file: target } })
        results.push(failedResult(target, error))
        continue
      }
      for (const file of listFiles(target, ctx.positionals.length > 0)) {
        if (file === configFile) continue
        results.push(await validateFile(file, root, host))
      }
    }
    const bad = results.filter((r) => !r.ok)
    const unchecked = results.filter((r) => r.ok && !r.checked)
    const errorCount = bad.reduce((n, r) => n + r.errors.length, 0)
    if (ctx.json) {
      ctx.printJson({ ok: bad.length === 0, errors: errorCount, files: results })
    } else {
      for (const r of results) {
        const name = relative(cwd, r.file) || r.file
        if (r.ok && r.checked) ctx.print(`ok    ${name}${r.kind ? ` (${r.kind})` : ''}`)
        if (!r.checked)
          ctx.print(
            `skip  ${name} (${host ? 'not a kind timmy knows' : 'the config did not load, so no plugin checked it'}: nothing checked)`,
          )
        for (const w of r.warnings) ctx.print(`warn  ${name}: ${w}`)
      }
      for (const r of bad) for (const e of r.errors) ctx.stderr.write(`${formatError(r, e)}\n`)
      const valid = results.length - bad.length - unchecked.length
      ctx.print(
        `${valid} valid, ${bad.length} invalid${unchecked.length ? `, ${unchecked.length} not checked` : ''}` +
          (errorCount > bad.length ? ` (${errorCount} errors)` : ''),
      )
    }
    return bad.length ? 2 : 0
  },
})

/** A failed file: a config's schema error carries every problem of the file (`all`), listed in line order. */
function failedResult(file: string, err: TimmyError): FileResult {
  const errors = ((err as { all?: TimmyError[] }).all ?? [err]).map((e) => e.toJSON())
  errors.sort((a, b) => Number(a.line ?? 0) - Number(b.line ?? 0))
  return { file, ok: false, checked: true, error: err.toJSON(), errors, warnings: [] }
}

function formatError(r: FileResult, e: FileResult['errors'][number]): string {
  return `error ${e.file ?? r.file}${e.line ? `:${e.line}:${e.col ?? 1}` : ''}: ${e.code}: ${e.message}`
}

function listFiles(target: string, explicit: boolean): string[] {
  const st = statSync(target)
  if (st.isFile()) return [target]
  const out: string[] = []
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = join(target, entry.name)
    if (entry.isDirectory()) out.push(...listFiles(full, explicit))
    else if (YAML_FILE.test(entry.name)) out.push(full)
  }
  return out
}
