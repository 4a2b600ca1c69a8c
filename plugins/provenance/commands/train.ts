/**
 * `timmy train ingest|curate|validate|export|all|eval`: Hermes sessions → consented, licensed,
 * de-duplicated training pairs for axolotl, and the evaluation of a checkpoint. The pipeline lives in
 * `training/` (eval in `training/eval/`); this file only maps flags to it. Settings come from
 * `pluginOptions.provenance`; flags win.
 */

import { defineCommand, type OptionSpecs } from '../../../core/cli/command.js'
import { EVAL_SUBCOMMAND } from '../../../training/eval/eval-help.js'

const SUBCOMMANDS = ['ingest', 'curate', 'validate', 'export', 'all', 'eval'] as const
type Sub = (typeof SUBCOMMANDS)[number]

const SOURCES: OptionSpecs = {
  'state-db': {
    type: 'string',
    value: 'file',
    description: 'Hermes state.db (default $HERMES_HOME/state.db)',
  },
  snapshots: {
    type: 'string',
    value: 'dir',
    description: 'session_<id>.json snapshots (default $HERMES_HOME/sessions)',
  },
  export: {
    type: 'string',
    multiple: true,
    value: 'file',
    description: '`hermes sessions export` JSONL (repeatable)',
  },
  trajectories: {
    type: 'string',
    multiple: true,
    value: 'file',
    description: 'trajectory_samples.jsonl (repeatable)',
  },
  consent: {
    type: 'string',
    value: 'file',
    description: 'consent registry YAML (default $TIMMY_HOME/consent.yaml)',
  },
}
const IN: OptionSpecs = {
  in: { type: 'string', value: 'file', description: 'the input (default <out>/raw.jsonl or curated.jsonl)' },
}
const CURATE: OptionSpecs = {
  'redact-pii': {
    type: 'boolean',
    description: 'redact emails and phone numbers (default: Hermes privacy.redact_pii)',
  },
  'keep-pii': { type: 'boolean', description: 'do not redact emails and phone numbers' },
  threshold: { type: 'string', value: '0..1', description: 'near-duplicate Jaccard threshold (default 0.8)' },
}
const FORMAT: OptionSpecs = {
  format: { type: 'string', value: 'name', description: 'chat_template (default) or sharegpt' },
}

export default defineCommand({
  summary: 'Training data: ingest Hermes sessions, curate, validate, export for axolotl; eval a model',
  description:
    'Turns Hermes sessions into training pairs with provenance per pair (session, source row, model, ' +
    'consent, licence, content hash, and the timmy run and step behind it). Each subcommand takes its ' +
    'own options (timmy train all --help): sources (--state-db, --snapshots, --export, --trajectories, ' +
    '--consent), --in, --format, PII (--redact-pii, --keep-pii), --threshold, --threads.\n\n' +
    'Exit code: 0 ok, 1 validation failed (eval: the gate failed, or a budget stopped it), 2 bad usage ' +
    'or input.',
  options: {
    out: { type: 'string', value: 'dir', description: 'output folder (default $TIMMY_HOME/training)' },
  },
  subcommands: {
    ingest: {
      summary: 'read state.db (read-only), session snapshots, export and trajectory JSONL → raw.jsonl',
      options: SOURCES,
    },
    curate: {
      summary:
        'keep pairs with consent to train and an allowed licence; redact secrets (and PII); drop ' +
        'malformed, poisoned, exact and near duplicates (MinHash/LSH) → curated.jsonl',
      options: { ...IN, ...CURATE },
    },
    validate: {
      summary: 'every pair has a session id, licence and consent (exit 1 with a report otherwise)',
      options: IN,
    },
    export: {
      summary: 'chat_template or sharegpt JSONL, a dataset card (README.md) and an axolotl recipe',
      options: { ...IN, ...FORMAT },
    },
    all: {
      summary: 'ingest → curate → validate → export, then a summary table',
      options: {
        ...SOURCES,
        ...CURATE,
        ...FORMAT,
        threads: {
          type: 'boolean',
          description: 'curate on a second thread while ingesting (idle multi-core machines)',
        },
      },
    },
    eval: EVAL_SUBCOMMAND,
  },
  async run(ctx) {
    const { join, resolve } = await import('node:path')
    const { E } = await import('../errors.js')
    const { E: trainingErrors } = await import('../../../training/errors.js')
    const sub = ctx.positionals[0] as Sub | undefined
    if (!sub || !SUBCOMMANDS.includes(sub) || ctx.positionals.length > 1) {
      throw E.CLI_BAD_ARGS({
        command: 'train',
        reason: sub
          ? `unknown subcommand "${ctx.positionals.join(' ')}" (expected one of ${SUBCOMMANDS.join(', ')})`
          : `a subcommand is required (${SUBCOMMANDS.join(', ')})`,
      })
    }
    if (sub === 'eval') return (await import('./train-eval.js')).trainEval(ctx)
    const v = ctx.values
    const format = (v.format as string | undefined) ?? 'chat_template'
    const { FORMATS } = await import('../../../training/export-formats.js')
    if (!(FORMATS as readonly string[]).includes(format))
      throw E.CLI_BAD_ARGS({
        command: 'train',
        reason: `--format must be ${FORMATS.join(' or ')}, not "${format}"`,
      })
    let threshold: number | undefined
    if (v.threshold !== undefined) {
      threshold = Number(v.threshold)
      if (!(threshold > 0 && threshold <= 1))
        throw E.CLI_BAD_ARGS({ command: 'train', reason: '--threshold must be a number in (0, 1]' })
    }
    if (v['redact-pii'] && v['keep-pii'])
      throw E.CLI_BAD_ARGS({ command: 'train', reason: '--redact-pii and --keep-pii exclude each other' })

    const host = await ctx.host({ logLevel: 'error' })
    const { paths } = host.loaded
    const { hermesRedactPii } = await import('../../../training/settings.js')
    const { defaultSettings } = await import('../options.js')
    const provenance = host.service('provenance')
    const settings = provenance?.settings ?? defaultSettings()
    const cwd = process.cwd()
    const outDir = resolve(
      cwd,
      (v.out as string | undefined) ?? settings.outDir ?? join(paths.home, 'training'),
    )
    const { mkdirSync, existsSync } = await import('node:fs')
    mkdirSync(outDir, { recursive: true, mode: 0o700 })
    const { createProgress, quietProgress } = await import('../../../training/progress.js')
    const progress = ctx.json ? quietProgress : createProgress(ctx.stderr)
    const raw = join(outDir, 'raw.jsonl')
    const curated = join(outDir, 'curated.jsonl')
    const input = (fallback: string) => (v.in ? resolve(cwd, v.in as string) : fallback)
    const print = (text: string) => {
      if (!ctx.json) ctx.print(text)
    }

    const doIngest = async (
      onPair?: (pair: import('../../../training/types.js').RawPair, line: string) => void,
    ) => {
      const { ingest } = await import('../../../training/ingest.js')
      const { loadConsent } = await import('../../../training/consent.js')
      const explicitDb = v['state-db'] as string | undefined
      const stateDb = explicitDb ? resolve(cwd, explicitDb) : join(paths.hermesHome, 'state.db')
      const snapshots = v.snapshots ? resolve(cwd, v.snapshots as string) : join(paths.hermesHome, 'sessions')
      const exports = ((v.export as string[] | undefined) ?? []).map((f) => resolve(cwd, f))
      const trajectories = ((v.trajectories as string[] | undefined) ?? []).map((f) => resolve(cwd, f))
      if (explicitDb && !existsSync(stateDb))
        throw trainingErrors.TRAIN_SOURCE_UNREADABLE({ file: stateDb, reason: 'no such file' })
      const haveDb = existsSync(stateDb)
      const haveSnapshots = existsSync(snapshots)
      if (!haveDb && !haveSnapshots && !exports.length && !trajectories.length)
        throw E.TRAIN_NO_SOURCES({ looked: `${stateDb} and ${snapshots}` })
      const consentFile = v.consent
        ? resolve(cwd, v.consent as string)
        : (settings.consentFile ?? join(paths.home, 'consent.yaml'))
      if (v.consent && !existsSync(consentFile))
        throw trainingErrors.TRAIN_CONSENT_INVALID({ reason: `${consentFile} does not exist` })
      if (provenance) await provenance.ready()
      return ingest({
        ...(haveDb ? { stateDb } : {}),
        ...(haveSnapshots ? { snapshotsDir: snapshots } : {}),
        exports,
        trajectories,
        consent: loadConsent(consentFile),
        defaultLicense: settings.defaultLicense,
        out: raw,
        ...(provenance ? { runLinks: (ids: string[]) => provenance.traceSessionsSync(ids) } : {}),
        progress,
        ...(onPair ? { onPair } : {}),
      })
    }
    const curateOptions = () => ({
      out: curated,
      allowLicenses: settings.allowLicenses,
      trainLevels: settings.trainLevels,
      redactPii: v['redact-pii']
        ? true
        : v['keep-pii']
          ? false
          : (settings.redactPii ?? hermesRedactPii(paths.hermesHome)),
      minhash: { ...settings.dedup, ...(threshold !== undefined ? { threshold } : {}) },
    })
    const saveCurateStats = async (stats: import('../../../training/curate.js').CurateStats) => {
      const { writeFileSync } = await import('node:fs')
      writeFileSync(join(outDir, 'curated.stats.json'), `${JSON.stringify(stats, null, 2)}\n`)
      return stats
    }
    const doCurate = async (inFile: string) => {
      const { curate } = await import('../../../training/curate.js')
      return saveCurateStats(curate({ in: inFile, ...curateOptions(), progress }))
    }
    /** Ingest and curate in one pass (raw.jsonl is still written); `--threads` curates on a worker. */
    const doIngestAndCurate = async () => {
      const { createPipelinedCurator } = await import('../../../training/curate-threaded.js')
      const curator = createPipelinedCurator(curateOptions(), { threads: v.threads === true })
      try {
        const i = await doIngest((pair, line) => curator.add(pair, line))
        return { i, c: await saveCurateStats(await curator.finish()) }
      } catch (err) {
        curator.abort()
        throw err
      }
    }
    const doValidate = async (inFile: string) => {
      const { validatePairs } = await import('../../../training/validate.js')
      return validatePairs(inFile)
    }
    const doExport = async (inFile: string) => {
      const { exportPairs, readCurateStats } = await import('../../../training/export.js')
      const curateStats = readCurateStats(inFile)
      return exportPairs({
        in: inFile,
        outDir: join(outDir, 'export'),
        format: format as 'chat_template' | 'sharegpt',
        ...(curateStats ? { curateStats } : {}),
        languages: settings.languages,
        progress,
      })
    }
    const reportValidate = (r: Awaited<ReturnType<typeof doValidate>>) => {
      if (r.ok) return print(`validate: ${r.total} pairs, all with session id, licence and consent`)
      ctx.stderr.write(`validate: ${r.bad} of ${r.total} pairs fail\n`)
      for (const [k, n] of Object.entries(r.problems)) ctx.stderr.write(`  ${k}: ${n}\n`)
      for (const ex of r.examples)
        ctx.stderr.write(`  line ${ex.line} (session ${String(ex.session_id)}): ${ex.problems.join(', ')}\n`)
    }

    switch (sub) {
      case 'ingest': {
        const s = await doIngest()
        if (ctx.json) ctx.printJson(s)
        else print(`ingest: ${s.pairs} pairs → ${s.out} (${fmt(s.skipped)})`)
        return 0
      }
      case 'curate': {
        const s = await doCurate(input(raw))
        if (ctx.json) ctx.printJson(s)
        else print(`curate: ${s.in} in, ${s.out} kept → ${s.out_file} (dropped: ${fmt(s.dropped)})`)
        return 0
      }
      case 'validate': {
        const r = await doValidate(input(curated))
        if (ctx.json) ctx.printJson(r)
        else reportValidate(r)
        return r.ok ? 0 : 1
      }
      case 'export': {
        const s = await doExport(input(curated))
        if (ctx.json) ctx.printJson(s)
        else print(`export: ${s.pairs} pairs → ${s.file}\ncard: ${s.card}\nrecipe: ${s.recipe}`)
        return 0
      }
      case 'all': {
        const { summarise, formatSummary } = await import('../../../training/summary.js')
        const { i, c } = await doIngestAndCurate()
        const r = await doValidate(curated)
        const e = r.ok ? await doExport(curated) : undefined
        const summary = summarise(i, c, r, e)
        const { writeFileSync } = await import('node:fs')
        writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
        if (ctx.json)
          ctx.printJson({ ok: r.ok, summary, ingest: i, curate: c, validate: r, export: e ?? null })
        else {
          print(formatSummary(summary))
          if (e) print(`\nexport: ${e.file}\ncard: ${e.card}\nrecipe: ${e.recipe}`)
          else reportValidate(r)
        }
        return r.ok ? 0 : 1
      }
    }
  },
})

function fmt(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`)
  return parts.length ? parts.join(', ') : 'none'
}
