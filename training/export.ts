/**
 * `timmy train export --format chat_template|sharegpt`: write the curated pairs in a format axolotl
 * reads, the dataset card (README.md) and an axolotl LoRA recipe pointing at the file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseDocument } from 'yaml'
import { packageRoot } from '../core/index.js'
import type { CurateStats } from './curate.js'
import { renderCard } from './dataset-card.js'
import { E } from './errors.js'
import { type ExportFormat, toChatTemplate, toShareGpt } from './export-formats.js'
import { JsonlWriter, readLines } from './jsonl.js'
import { type Progress, quietProgress } from './progress.js'
import type { RawPair } from './types.js'

export interface ExportOptions {
  in: string
  outDir: string
  format: ExportFormat
  /** Statistics written by curate (dedup method, drops), for the card. */
  curateStats?: CurateStats
  languages?: string[]
  progress?: Progress
  now?: () => number
}

export interface ExportStats {
  format: ExportFormat
  file: string
  card: string
  recipe: string
  pairs: number
  licenses: Record<string, number>
  consent: Record<string, number>
  sources: Record<string, number>
}

/** The recipe shipped with timmy (`training/axolotl.yaml`, listed in package.json `files`). */
export const RECIPE = join(packageRoot(), 'training', 'axolotl.yaml')

export function exportPairs(options: ExportOptions): ExportStats {
  if (!existsSync(options.in)) throw E.TRAIN_INPUT_MISSING({ file: options.in, step: 'curate' })
  mkdirSync(options.outDir, { recursive: true, mode: 0o700 })
  const progress = options.progress ?? quietProgress
  const file = join(options.outDir, `${options.format}.jsonl`)
  const stats: ExportStats = {
    format: options.format,
    file,
    card: join(options.outDir, 'README.md'),
    recipe: join(options.outDir, 'axolotl.yaml'),
    pairs: 0,
    licenses: {},
    consent: {},
    sources: {},
  }
  const add = (m: Record<string, number>, k: string) => {
    m[k] = (m[k] ?? 0) + 1
  }
  const writer = new JsonlWriter(file)
  try {
    progress.start('export')
    for (const { text } of readLines(options.in)) {
      if (!text) continue
      const pair = JSON.parse(text) as RawPair
      const body = options.format === 'sharegpt' ? toShareGpt(pair.messages) : toChatTemplate(pair.messages)
      writer.write({ id: pair.content_hash, ...body })
      stats.pairs++
      add(stats.licenses, pair.license)
      add(stats.consent, String(pair.consent_level))
      add(stats.sources, pair.source?.kind ?? 'unknown')
      progress.tick()
    }
    writer.close()
  } catch (err) {
    writer.abort()
    throw err
  } finally {
    progress.done()
  }
  writeFileSync(
    stats.card,
    renderCard({
      format: options.format,
      file: `${options.format}.jsonl`,
      pairs: stats.pairs,
      licenses: stats.licenses,
      consent: stats.consent,
      sources: stats.sources,
      languages: options.languages ?? ['en'],
      ...(options.curateStats ? { curate: options.curateStats } : {}),
      createdAt: new Date((options.now ?? Date.now)()).toISOString(),
    }),
  )
  writeFileSync(stats.recipe, renderRecipe(file, options.format, join(options.outDir, 'lora-out')))
  return stats
}

/** The repository's recipe with the dataset path, type and output folder filled in. */
export function renderRecipe(file: string, format: ExportFormat, outputDir: string): string {
  const doc = parseDocument(readFileSync(RECIPE, 'utf8'))
  doc.setIn(['datasets', 0, 'path'], file)
  if (format === 'sharegpt') {
    doc.setIn(['datasets', 0, 'field_messages'], 'conversations')
    doc.setIn(['datasets', 0, 'message_property_mappings'], { role: 'from', content: 'value' })
    doc.setIn(['datasets', 0, 'roles'], {
      user: ['human'],
      assistant: ['gpt'],
      system: ['system'],
      tool: ['tool'],
    })
  }
  doc.setIn(['output_dir'], outputDir)
  return doc.toString()
}

/** Read curate's statistics written beside its output (`curated.stats.json`), if any. */
export function readCurateStats(curatedFile: string): CurateStats | undefined {
  const f = join(dirname(curatedFile), 'curated.stats.json')
  if (!existsSync(f)) return undefined
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as CurateStats
  } catch {
    return undefined
  }
}
