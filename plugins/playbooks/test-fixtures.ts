/**
 * `timmy test-playbooks`: each playbook may have `fixtures/<playbook>/<case>/` with `event.json` (a
 * Gitea webhook payload or a work item) and `expect.yaml` (whether it triggers, the outcome, step
 * outcomes, the effects planned — fields equal or `{ match: regex }` — or an expected error code).
 * Steps can be stubbed with canned results or replaced by another step (e.g. the fake agent), so a
 * case runs without a model, without Gitea, and without the other plugins' real behaviour.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { checkSchema } from '../../core/config/check-schema.js'
import { readTextFile, type YamlSource } from '../../core/config/yaml-source.js'
import { reasonOf, TimmyError } from '../../core/errors.js'
import type { Effect, RunReport } from '../../core/hooks.js'
import { E } from './errors.js'
import { type Expect, ExpectSchema } from './fixture-case/expect-schema.js'
import { loadExpect } from './fixture-case/load-expect.js'
import { runFixture } from './fixture-case/run-fixture.js'
import type { PlaybooksService } from './service.js'
import { workItemFrom } from './work-item.js'
import { writeExpect } from './write-expect.js'

export { type Expect, ExpectSchema } from './fixture-case/expect-schema.js'

export function validateExpect(source: YamlSource): { warnings: string[] } {
  checkSchema(ExpectSchema, source.value, { locate: source.locate })
  return { warnings: [] }
}

export interface CaseResult {
  playbook: string
  case: string
  ok: boolean
  problems: string[]
  outcome?: string
  runId?: string
  /** expect.yaml was rewritten from this run (--update). */
  updated?: boolean
}

/** The fixture cases under `<dir>/fixtures/<playbook>/<case>/` (sorted). */
export function findCases(dir: string, only?: string): { playbook: string; case: string; dir: string }[] {
  const root = join(dir, 'fixtures')
  if (!existsSync(root)) return []
  const out: { playbook: string; case: string; dir: string }[] = []
  for (const pb of readdirSync(root).sort()) {
    if (only && pb !== only) continue
    const pbDir = join(root, pb)
    if (!statSync(pbDir).isDirectory()) continue
    for (const c of readdirSync(pbDir).sort()) {
      const caseDir = join(pbDir, c)
      if (statSync(caseDir).isDirectory()) out.push({ playbook: pb, case: c, dir: caseDir })
    }
  }
  return out
}

export interface RunCaseOptions {
  /** Rewrite expect.yaml from the actual run (comments kept where the YAML library can). */
  update?: boolean
}

/** Run one fixture case: load its expect.yaml, run the playbook on its event, compare (or rewrite with --update). */
export async function runCase(
  service: PlaybooksService,
  dir: string,
  c: { playbook: string; case: string; dir: string },
  options: RunCaseOptions = {},
): Promise<CaseResult> {
  const result: CaseResult = { playbook: c.playbook, case: c.case, ok: true, problems: [] }
  const fail = (p: string) => {
    result.ok = false
    result.problems.push(p)
  }
  let expect: Expect
  let source: YamlSource
  try {
    ;({ expect, source } = loadExpect(c.dir))
  } catch (err) {
    fail(`expect.yaml: ${describeError(err)}`)
    return result
  }
  const at = (path: (string | number)[], where?: 'key' | 'value') => {
    const loc = source.locate(path, where)
    return `${loc.file}:${loc.line ?? 1}:${loc.col ?? 1}: `
  }
  try {
    const item = workItemFrom(readEvent(c.dir))
    const { triggered, report } = await runFixture(
      service,
      join(dir, `${c.playbook}.yaml`),
      expect,
      source,
      item,
    )
    if (triggered !== expect.triggered) {
      fail(
        `${at(['triggered'])}trigger: the event ${item.event} ${triggered ? 'triggers' : 'does not trigger'} the playbook, expected it ${expect.triggered ? 'to' : 'not to'}`,
      )
    } else if (report) {
      result.outcome = report.outcome
      result.runId = report.runId
      compareReport(report, expect, fail, at)
    }
    // --update rewrites only a case that fails: a passing one keeps its `match:`es and its wording
    if (options.update && !result.ok) {
      writeExpect(source, report)
      result.outcome = report?.outcome ?? 'not triggered'
      result.updated = true
      result.ok = true
      result.problems = []
    }
  } catch (err) {
    const code = (err as { code?: string }).code
    if (expect.error && code === expect.error) return result
    fail(`error: ${describeError(err)}`)
  }
  return result
}

/** event.json of a case: required, JSON, a webhook payload or a work item. */
function readEvent(caseDir: string): unknown {
  const eventFile = join(caseDir, 'event.json')
  if (!existsSync(eventFile))
    throw E.PLAYBOOK_FIXTURE_NO_EVENT({ dir: caseDir }, { loc: { file: eventFile } })
  try {
    return JSON.parse(readTextFile(eventFile))
  } catch (err) {
    if (err instanceof TimmyError) throw err
    throw E.PLAYBOOK_BAD_EVENT(
      { reason: `event.json is not JSON: ${reasonOf(err)}` },
      { loc: { file: eventFile } },
    )
  }
}

function compareReport(
  report: RunReport,
  expect: Expect,
  fail: (p: string) => void,
  at: (path: (string | number)[], where?: 'key' | 'value') => string,
): void {
  if (expect.error) {
    const codes = report.steps.map((s) => s.error?.code).filter(Boolean)
    if (!codes.includes(expect.error))
      fail(`${at(['error'])}error: expected ${expect.error}, got ${codes.join(', ') || 'none'}`)
  }
  const outcome = expect.outcome ?? (expect.error ? 'failed' : 'ok')
  if (report.outcome !== outcome)
    fail(
      `${at(expect.outcome ? ['outcome'] : [])}outcome: expected ${outcome}, got ${report.outcome}${report.reason ? ` (${report.reason})` : ''}`,
    )
  for (const [id, want] of Object.entries(expect.steps ?? {})) {
    const got = report.steps.find((s) => s.stepId === id)
    if (!got) fail(`${at(['steps', id], 'key')}step ${id}: no such step in the run`)
    else if (got.outcome !== want)
      fail(
        `${at(['steps', id])}step ${id}: expected ${want}, got ${got.outcome}${got.reason ? ` (${got.reason})` : ''}`,
      )
  }
  if (expect.effects) {
    const planned: Effect[] = report.steps.flatMap((s) => (s.outcome === 'ok' ? [...(s.effects ?? [])] : []))
    const n = Math.max(planned.length, expect.effects.length)
    for (let i = 0; i < n; i++) {
      const want = expect.effects[i] as Record<string, unknown> | undefined
      const got = planned[i] as Record<string, unknown> | undefined
      if (!want) {
        fail(`${at(['effects'])}effect ${i + 1}: unexpected ${got!.kind} ${JSON.stringify(got)}`)
        continue
      }
      if (!got) {
        fail(
          `${at(['effects', i])}effect ${i + 1}: expected ${want.kind}, but the run planned no more effects`,
        )
        continue
      }
      for (const [key, w] of Object.entries(want)) {
        const problem = compareField(w, got[key])
        if (problem) fail(`${at(['effects', i, key])}effect ${i + 1} (${got.kind}): ${key} ${problem}`)
      }
    }
  }
}

function compareField(want: unknown, got: unknown): string | undefined {
  if (want && typeof want === 'object' && !Array.isArray(want) && 'match' in want) {
    const re = new RegExp(String((want as { match: unknown }).match))
    return typeof got === 'string' && re.test(got)
      ? undefined
      : `${JSON.stringify(got)} does not match /${re.source}/`
  }
  return JSON.stringify(want) === JSON.stringify(got)
    ? undefined
    : `expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`
}

function describeError(err: unknown): string {
  if (err instanceof TimmyError) {
    const where = err.loc?.line ? `${err.loc.file}:${err.loc.line}:${err.loc.col ?? 1}: ` : ''
    return `${where}${err.code}: ${err.bare}`
  }
  return reasonOf(err)
}
