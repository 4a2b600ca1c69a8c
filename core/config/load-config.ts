/**
 * Find, load and validate timmy's configuration. Search (cosmiconfig): timmy.config.ts/.mjs/.js/.yaml/.json,
 * then package.json#timmy, from the current folder up to the first with a package.json; or the `--config`
 * file. Either is refused if another user owns it or may write it. The project folder is the config's, else
 * the nearest one up with playbooks/lanes.yaml (`paths.project`). Scripts compile with esbuild (import-module.ts);
 * every config keeps source positions (a script's: locate-in-script.ts) for file:line:col.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { E, reasonOf, TimmyError } from '../errors.js'
import { importDefault } from '../import-module.js'
import { assertSafeConfig } from '../unsafe-reason.js'
import { checkSchema } from './check-schema.js'
import { splitTopKeys, type UnknownTopKey } from './check-top-keys.js'
import { findPlaybooksProject } from './find-project.js'
import { type Paths, resolvePaths } from './paths.js'
import { ConfigSchema, type TimmyConfig } from './schema.js'
import { parseYamlText, type YamlSource } from './yaml-source.js'

export interface LoadedConfig {
  config: TimmyConfig
  /** The file it came from, if any. */
  file?: string
  paths: Paths
  /** Where a key of the config was written (for later errors, e.g. unknown plugin options). */
  locate?: YamlSource['locate']
  /**
   * Top-level keys the schema does not know, in file order, left out of `config`. The host refuses
   * them at boot (check-top-keys.ts): a plugin's old section (`movedFrom`) as moved, any other as unknown.
   */
  unknownKeys?: readonly UnknownTopKey[]
}

const EXTENSIONS = ['ts', 'mts', 'mjs', 'js', 'yaml', 'yml', 'json']
const SEARCH_PLACES = [...EXTENSIONS.map((ext) => `timmy.config.${ext}`), 'package.json']

export async function loadConfig(
  options: { configPath?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd()
  const found = options.configPath ? resolve(cwd, options.configPath) : await searchConfig(cwd)
  if (options.configPath && !existsSync(found!)) throw E.CONFIG_NOT_FOUND({ path: found! })
  if (found) assertSafeConfig(found) // not another user's file, nor one others may write
  const { value, locate } = found ? await readConfigFile(found) : { value: {} }
  const raw = value ?? {}
  const label = found ?? 'config'
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw E.CONFIG_INVALID(
      { path: '(top level)', expected: 'a mapping of config keys' },
      { loc: { file: label } },
    )
  const { known, unknownKeys } = splitTopKeys(
    raw as Record<string, unknown>,
    locate ?? (() => ({ file: label })),
  )
  const config = checkSchema(ConfigSchema, known, {
    label,
    ...(locate ? { locate } : {}),
    makeError: (p) => {
      const extra = p.loc ? { loc: p.loc } : {}
      return p.kind === 'unknown-key'
        ? E.CONFIG_UNKNOWN_KEY({ key: p.path, suggestion: p.suggestion }, extra)
        : E.CONFIG_INVALID({ path: p.path, expected: `${p.expected}, found ${p.found}` }, extra)
    },
  })
  const project = found ? dirname(resolve(found)) : findPlaybooksProject(cwd)
  const paths: Paths = {
    ...resolvePaths(config, options.env ?? process.env, cwd),
    ...(found ? { config: resolve(found) } : {}),
    ...(project ? { project } : {}),
  }
  return {
    config,
    paths,
    ...(found ? { file: found } : {}),
    ...(locate ? { locate } : {}),
    ...(unknownKeys.length ? { unknownKeys } : {}),
  }
}

async function searchConfig(cwd: string): Promise<string | undefined> {
  type Mod = typeof import('cosmiconfig') // bundled in dist/, a CommonJS package's import() gives only a default
  const { cosmiconfig } = await import('cosmiconfig').then((m: Mod & { default?: Mod }) => m.default ?? m)
  // Only locate the file here; loading is ours (positions for YAML/JSON, tsx for TypeScript).
  const locateOnly = () => ({})
  const jsonProbe = (_file: string, content: string) => {
    try {
      return JSON.parse(content) ?? {}
    } catch {
      return {} // reparsed by us with positions, so the error names file:line:col
    }
  }
  const explorer = cosmiconfig('timmy', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: {
      ...Object.fromEntries([...EXTENSIONS.map((ext) => `.${ext}`), 'noExt'].map((e) => [e, locateOnly])),
      '.json': jsonProbe,
    },
  })
  const result = await explorer.search(cwd)
  return result?.filepath
}

async function readConfigFile(file: string): Promise<{ value: unknown; locate?: YamlSource['locate'] }> {
  const { readTextFile } = await import('./yaml-source.js')
  if (/\.(ya?ml|json)$/.test(file)) {
    const source = parseYamlText(readTextFile(file), file, { allowEmpty: true })
    if (!file.endsWith('package.json')) return source
    return {
      value: (source.value as { timmy?: unknown }).timmy,
      locate: (p, at) => source.locate(['timmy', ...p], at),
    }
  }
  try {
    let value = await importDefault(file)
    if (typeof value === 'function') value = await (value as () => unknown)()
    const { locateInScript } = await import('./locate-in-script.js')
    return { value, locate: locateInScript(readTextFile(file), file) }
  } catch (err) {
    if (err instanceof TimmyError) throw err
    const esbuild = /:(\d+):(\d+): ERROR: (.*)/.exec(reasonOf(err)) // a syntax error: esbuild's first, 0-based col
    const reason = esbuild ? esbuild[3]! : reasonOf(err).split('\n')[0]!
    const loc = esbuild ? { file, line: Number(esbuild[1]), col: Number(esbuild[2]) + 1 } : { file }
    throw E.CONFIG_LOAD_FAILED({ path: file, reason }, { cause: err, loc })
  }
}
