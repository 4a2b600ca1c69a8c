/** What `timmy run-playbook` does when it runs (commands/run-playbook.ts imports it inside `run`). */
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { CliContext } from '../../../../core/cli/command.js'
import { formatTable } from '../../../../core/cli/format-table.js'
import { readTextFile } from '../../../../core/config/yaml-source.js'
import { reasonOf, TimmyError } from '../../../../core/errors.js'
import type { WorkItem } from '../../../../core/hooks.js'
import type { Host } from '../../../../core/host.js'
import { E } from '../../errors.js'
import { formatReport } from '../../format-report.js'
import type { LoadedPlaybook } from '../../load-playbook.js'
import { matchesTrigger } from '../../match-trigger.js'
import { workItemFrom } from '../../work-item.js'

export async function runPlaybook(ctx: CliContext): Promise<number> {
  const v = ctx.values
  const host = await ctx.host({ logLevel: 'warn' })
  const service = host.service('playbooks')
  if (!service) throw E.PLAYBOOK_SERVICE_MISSING()
  if (v.list) {
    const list = await service.list()
    if (ctx.json) ctx.printJson({ playbooks: list })
    else
      ctx.print(
        formatTable(
          ['playbook', 'lane', 'on', 'steps', 'file'],
          list.map((p) => [
            p.name,
            p.lane ?? '-',
            p.error ? `invalid: ${p.error.code}` : JSON.stringify(p.on),
            String(p.steps ?? '-'),
            p.file,
          ]),
        ),
      )
    return 0
  }
  if (v.runs) {
    const runs = await service.recent(20)
    if (ctx.json) ctx.printJson({ runs })
    else
      ctx.print(
        formatTable(
          ['run', 'playbook', 'lane', 'outcome', 'mode', 'tokens', 'started'],
          runs.map((r) => [
            r.id,
            r.playbook,
            r.lane ?? '-',
            r.outcome,
            r.dryRun ? 'dry' : 'applied',
            String(r.tokens),
            r.startedAt,
          ]),
        ),
      )
    return 0
  }
  if (typeof v.show === 'string') {
    const report = await service.report(v.show)
    if (!report) throw E.PLAYBOOK_RUN_NOT_FOUND({ id: v.show })
    if (ctx.json) ctx.printJson(report)
    else ctx.print(formatReport(report, { verbose: true }))
    return 0
  }
  const ref = ctx.positionals[0]
  if (!ref || ctx.positionals.length > 1)
    throw E.CLI_BAD_ARGS({ command: 'run-playbook', reason: 'give exactly one playbook file or name' })
  if (v.event && v.issue)
    throw E.CLI_BAD_ARGS({ command: 'run-playbook', reason: '--event and --issue cannot be used together' })
  const params = parseWith((v.with as string[] | undefined) ?? [])
  const pb = await service.load(ref)
  let item: WorkItem
  if (typeof v.event === 'string') item = await readEvent(resolve(v.event))
  else if (typeof v.issue === 'string') item = await itemFromIssue(v.issue, host.service.bind(host))
  else {
    item = workItemFrom(undefined)
    await refuseMissingEvent(pb, item)
  }
  if (!matchesTrigger(pb.on, item) && !ctx.json)
    ctx.stderr.write(
      `note: event "${item.event}" does not match the playbook's on: ${JSON.stringify(pb.on)}; running it anyway\n`,
    )
  for (const w of pb.warnings) if (!ctx.json) ctx.stderr.write(`warning: ${w}\n`)
  const report = await service.run(pb, { item, with: params, apply: Boolean(v.apply) })
  if (ctx.json) ctx.printJson(report)
  else ctx.print(formatReport(report, { verbose: Boolean(v.verbose) }))
  return report.outcome === 'ok' ? 0 : 1
}

function parseWith(args: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of args) {
    const i = a.indexOf('=')
    if (i <= 0) throw E.PLAYBOOK_BAD_WITH({ arg: a })
    const raw = a.slice(i + 1)
    let value: unknown = raw
    try {
      value = JSON.parse(raw)
    } catch {}
    out[a.slice(0, i)] = value
  }
  return out
}

async function readEvent(file: string): Promise<WorkItem> {
  const text = readTextFile(file)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    const { locateJsonError } = await import('../../locate-json-error.js')
    throw E.PLAYBOOK_BAD_EVENT(
      { reason: `not JSON: ${reasonOf(err)}` },
      { loc: locateJsonError(text, file, err) },
    )
  }
  try {
    return workItemFrom(value)
  } catch (err) {
    if (err instanceof TimmyError)
      throw E.PLAYBOOK_BAD_EVENT(
        { reason: err.bare.replace(/^the event is not usable: /, '') },
        { loc: { file } },
      )
    throw err
  }
}

/** A manual run of a playbook whose with: reads the event would fill those values with "": refused. */
async function refuseMissingEvent(pb: LoadedPlaybook, item: WorkItem): Promise<void> {
  const { findMissingEventReads } = await import('../../find-event-reads.js')
  const missing = findMissingEventReads(pb, item)
  if (!missing.length) return
  const { findCases } = await import('../../test-fixtures.js')
  const example = findCases(dirname(pb.file), pb.name)
    .map((c) => join(c.dir, 'event.json'))
    .find((f) => existsSync(f))
  throw E.PLAYBOOK_EVENT_NEEDED({
    playbook: pb.name,
    values: missing.map((m) => `\${{ ${m} }}`).join(', '),
    ...(example ? { example: relative(process.cwd(), example) || example } : {}),
  })
}

async function itemFromIssue(ref: string, service: Host['service']): Promise<WorkItem> {
  const m = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(ref)
  if (!m) throw E.PLAYBOOK_BAD_ISSUE_REF({ ref })
  const [, owner, repo, n] = m as unknown as [string, string, string, string]
  const gitea = service('gitea')
  if (!gitea) throw E.PLAYBOOK_GITEA_UNAVAILABLE({ reason: 'no plugin provides the "gitea" service' })
  const issue = await gitea.client().getIssue(`${owner}/${repo}`, Number(n))
  return workItemFrom({
    event: 'manual',
    source: 'cli',
    repo: `${owner}/${repo}`,
    issue: Number(n),
    payload: { action: 'opened', issue, repository: { full_name: `${owner}/${repo}` } },
  })
}
