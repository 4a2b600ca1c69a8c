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
    const { E } = await import('../errors.js')
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
    const flags = (await import('./parse-train-flags.js')).parseTrainFlags(ctx)
    const t = await (await import('./open-train-context.js')).openTrainContext(ctx, flags)
    return (await import('./run-train-subcommand.js')).runTrainSubcommand(t, sub)
  },
})
