/**
 * `config/cron.yaml`: timmy's declarative list of Hermes cron jobs. Each job is checked (schedule
 * syntax, argv-safe script names, unique ids) and turned into the job record Hermes' `create_job`
 * writes (FORMATS.md §5). timmy owns the jobs whose id starts with `timmy-`.
 */
import { type Static, Type as T } from '@sinclair/typebox'
import { checkSchema } from '../../core/config/check-schema.js'
import type { YamlSource } from '../../core/config/yaml-source.js'
import { TimmyError } from '../../core/errors.js'
import { parseSchedule, type Schedule } from './cron-schedule.js'
import { E } from './errors.js'

export const TIMMY_JOB_PREFIX = 'timmy-'

const Job = T.Object(
  {
    id: T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$', description: 'lowercase letters, digits and -' }),
    name: T.String({ minLength: 1 }),
    schedule: T.String({ minLength: 1 }),
    prompt: T.String({ default: '' }),
    skills: T.Array(T.String(), { default: [] }),
    deliver: T.String({ default: 'local' }),
    enabled: T.Boolean({ default: true }),
    model: T.Optional(T.String()),
    provider: T.Optional(T.String()),
    script: T.Optional(T.String()),
    no_agent: T.Boolean({ default: false }),
    workdir: T.Optional(T.String()),
    enabled_toolsets: T.Optional(T.Array(T.String())),
    repeat: T.Optional(T.Integer({ minimum: 1, description: 'how many runs, then done' })),
  },
  { additionalProperties: false },
)

export const CronYamlSchema = T.Object(
  { jobs: T.Array(Job, { default: [] }) },
  { additionalProperties: false },
)

export type CronJobSpec = Static<typeof Job>

export interface DeclaredJob {
  spec: CronJobSpec
  /** The id in jobs.json: `timmy-<id>`. */
  hermesId: string
  schedule: Schedule
}

const SAFE_SCRIPT = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/

/** Check `cron.yaml` and return its jobs; throws a coded error at `file:line:col`. */
export function readCronYaml(source: YamlSource, now: () => number = Date.now): DeclaredJob[] {
  const raw = source.value as { jobs?: unknown } | null
  // Checked before the schema: applying defaults would turn a mapping here into an array.
  if (raw && typeof raw === 'object' && raw.jobs !== undefined && !Array.isArray(raw.jobs))
    throw E.SCHEMA_INVALID(
      { path: 'jobs', expected: 'a list of jobs', found: 'a mapping' },
      { loc: source.locate(['jobs']) },
    )
  const value = checkSchema(CronYamlSchema, source.value, { locate: source.locate })
  const seen = new Set<string>()
  return value.jobs.map((spec, i) => {
    const at = (key: string) => ({ loc: source.locate(['jobs', i, key]) })
    if (seen.has(spec.id)) throw E.HERMES_CRON_DUPLICATE_ID({ id: spec.id }, at('id'))
    seen.add(spec.id)
    let schedule: Schedule
    try {
      schedule = parseSchedule(spec.schedule, now)
    } catch (err) {
      if (err instanceof TimmyError)
        throw E.HERMES_CRON_BAD_SCHEDULE({ schedule: spec.schedule }, at('schedule'))
      throw err
    }
    if (spec.script !== undefined && (!SAFE_SCRIPT.test(spec.script) || spec.script.includes('..')))
      throw E.HERMES_CRON_UNSAFE(
        { field: 'script', reason: `"${spec.script}" looks like a shell command or leaves scripts/` },
        at('script'),
      )
    if (spec.workdir !== undefined && /[\n\r\0;|&`$<>]/.test(spec.workdir))
      throw E.HERMES_CRON_UNSAFE({ field: 'workdir', reason: 'it contains shell characters' }, at('workdir'))
    if (!spec.prompt && !spec.script)
      throw E.SCHEMA_INVALID(
        { path: `jobs[${i}]`, expected: 'a prompt or a script' },
        { loc: source.locate(['jobs', i]) },
      )
    return { spec, hermesId: `${TIMMY_JOB_PREFIX}${spec.id}`, schedule }
  })
}
