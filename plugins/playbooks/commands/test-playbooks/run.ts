/** What `timmy test-playbooks` does when it runs (commands/test-playbooks.ts imports it inside `run`). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { CliContext } from '../../../../core/cli/command.js'
import { formatTable } from '../../../../core/cli/format-table.js'
import { didYouMean } from '../../../../core/did-you-mean.js'
import { E } from '../../errors.js'
import type { PlaybooksService } from '../../service.js'
import { type CaseResult, findCases, runCase } from '../../test-fixtures.js'
import { watchFixtures } from '../../watch-fixtures.js'

export async function testPlaybooks(ctx: CliContext): Promise<number> {
  // Fixtures are paper: their usage, reservations and reports go to a throwaway store and Hermes home.
  const scratch = mkdtempSync(join(tmpdir(), 'timmy-test-playbooks-'))
  try {
    return await runCases(ctx, scratch)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

async function runCases(ctx: CliContext, scratch: string): Promise<number> {
  const loaded = await ctx.config()
  // Never fall back to timmy's own fixtures: a CI job started in the wrong folder must not go green.
  if (!ctx.positionals.length && !loaded.file && !loaded.paths.project)
    throw E.PLAYBOOK_NO_PROJECT({ cwd: process.cwd() })
  const host = await ctx.host({
    logLevel: 'warn',
    paths: {
      home: join(scratch, 'timmy'),
      hermesHome: join(scratch, 'hermes'),
      store: join(scratch, 'timmy.db'),
    },
  })
  try {
    const service = host.service('playbooks')
    if (!service) throw E.PLAYBOOK_SERVICE_MISSING()
    const dirs = ctx.positionals.length ? ctx.positionals.map((p) => resolve(p)) : [service.dirs()[0]!]
    for (const dir of dirs)
      if (!existsSync(dir)) throw E.INPUT_UNREADABLE({ reason: 'no such folder' }, { loc: { file: dir } })
    const code = await runOnce(ctx, service, dirs)
    if (!ctx.values.watch) return code
    const stop = new AbortController()
    const onSignal = () => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    ctx.stderr.write(`watching ${dirs.join(', ')} (Ctrl-C stops)\n`)
    await watchFixtures(
      dirs,
      async (changed) => {
        ctx.stderr.write(`\nchanged: ${changed}, running again\n`)
        await runOnce(ctx, service, dirs).catch((err: unknown) =>
          ctx.stderr.write(`${(err as Error).message}\n`),
        )
      },
      { signal: stop.signal },
    )
    return code
  } finally {
    await host.close('exit')
  }
}

async function runOnce(ctx: CliContext, service: PlaybooksService, dirs: string[]): Promise<number> {
  const only = ctx.values.playbook as string | undefined
  const results: CaseResult[] = []
  for (const dir of dirs) {
    for (const c of findCases(dir, only))
      results.push(await runCase(service, dir, c, { update: ctx.values.update === true }))
  }
  if (only && results.length === 0)
    throw E.PLAYBOOK_NO_FIXTURES({
      name: only,
      searched: dirs.join(', '),
      suggestion: didYouMean(
        only,
        dirs.flatMap((d) => findCases(d).map((c) => c.playbook)),
      ),
    })
  const failed = results.filter((r) => !r.ok)
  if (ctx.json) {
    ctx.printJson({ ok: failed.length === 0, cases: results })
  } else {
    ctx.print(
      formatTable(
        ['playbook', 'case', 'result', 'detail'],
        results.map((r) => [
          r.playbook,
          r.case,
          r.updated ? 'updated' : r.ok ? 'pass' : 'FAIL',
          r.ok ? (r.outcome ?? 'not triggered') : r.problems[0]!,
        ]),
      ),
    )
    for (const r of failed) {
      ctx.stderr.write(`FAIL ${r.playbook}/${r.case}\n`)
      for (const p of r.problems) ctx.stderr.write(`  ${p}\n`)
    }
    const updated = results.filter((r) => r.updated).length
    ctx.print(
      updated
        ? `${updated} updated, ${failed.length} failed`
        : `${results.length - failed.length} passed, ${failed.length} failed`,
    )
  }
  if (results.length === 0 && !ctx.json) ctx.stderr.write('no fixtures found\n')
  return failed.length ? 1 : 0
}
