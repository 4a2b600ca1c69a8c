/**
 * `timmy validate` over one file: read it with positions, decide its kind by content (the validators
 * whose `detect` recognises it; by path only when none does), and gather every problem every
 * matching validator finds. A timmy config file is checked as one, wherever it lives. A file no
 * validator knows is reported as not checked, never as valid.
 */
import { basename, relative, sep } from 'node:path'
import { E, reasonOf, TimmyError } from '../errors.js'
import type { Host } from '../host.js'
import { checkTopKeys } from './check-top-keys.js'
import { loadConfig } from './load-config.js'
import { schemaHint } from './schema-hint.js'
import { loadYamlFile } from './yaml-source.js'

export interface FileResult {
  file: string
  ok: boolean
  /** false: no validator knows this kind of file, so nothing was checked. */
  checked: boolean
  kind?: string
  /** The first error (kept for readers of the JSON report), and every error. */
  error?: ReturnType<TimmyError['toJSON']>
  errors: ReturnType<TimmyError['toJSON']>[]
  warnings: string[]
}

const CONFIG_FILE = /^timmy\.config\.(ya?ml|json)$/i

export async function validateFile(file: string, root: string, host: Host | undefined): Promise<FileResult> {
  const rel = relative(root, file).split(sep).join('/')
  const result: FileResult = { file, ok: true, checked: true, errors: [], warnings: [] }
  const fail = (err: unknown) => {
    const coded =
      err instanceof TimmyError ? err : E.CLI_INTERNAL({ reason: reasonOf(err) }, { loc: { file } })
    const json = coded.toJSON()
    result.errors.push(json.file ? json : { ...json, file })
  }
  try {
    const source = loadYamlFile(file, { allowEmpty: CONFIG_FILE.test(basename(file)) })
    if (CONFIG_FILE.test(basename(file)) || schemaHint(source) === 'timmy.config') {
      result.kind = 'config'
      const loaded = await loadConfig({ configPath: file })
      const movedTo = new Map<string, string>()
      for (const { plugin } of host?.plugins ?? [])
        if (plugin.movedFrom) movedTo.set(plugin.movedFrom, plugin.name)
      checkTopKeys(loaded.unknownKeys, movedTo)
    } else {
      const validators = host?.validators ?? []
      let chosen = validators.filter((v) => v.detect?.(source))
      if (chosen.length === 0) chosen = validators.filter((v) => v.match(rel))
      if (chosen.length === 0) result.checked = false
      result.kind = chosen.map((v) => v.name).join(', ') || undefined
      for (const v of chosen) {
        try {
          const out = await v.validate(source)
          if (out?.warnings) result.warnings.push(...out.warnings)
          for (const e of out?.errors ?? []) fail(e)
        } catch (err) {
          fail(err)
        }
      }
    }
  } catch (err) {
    fail(err)
  }
  result.errors.sort(
    (a, b) => Number(a.line ?? 0) - Number(b.line ?? 0) || Number(a.col ?? 0) - Number(b.col ?? 0),
  )
  result.ok = result.errors.length === 0
  if (result.errors[0]) result.error = result.errors[0]
  return result
}
