/** `timmy deadman status|beat|pause|resume|reset` — declared by the plugin (commands/deadman.ts). */
import { parseArgs } from 'node:util'
import { formatTable } from '../../core/cli/format-table.js'
import { reasonOf } from '../../core/errors.js'
import type { PluginCommand } from '../../core/plugin.js'
import { deadmanCommandSpec } from './command-spec.js'
import { E } from './errors.js'
import type { BeatKind, WizardStatus } from './types.js'

/** The command; its `run` takes the deadman service from the booted host. */
export function deadmanCommand(): PluginCommand {
  return {
    ...deadmanCommandSpec,
    async run(ctx) {
      const [sub, ...rest] = ctx.argv
      const svc = ctx.host.service('deadman')
      if (!svc) throw E.SERVICE_MISSING({ plugin: 'deadman', service: 'deadman' })
      const print = (s: string) => ctx.stdout.write(s.endsWith('\n') ? s : `${s}\n`)
      const bad = (reason: string) => E.CLI_BAD_ARGS({ command: 'deadman', reason })
      if (sub === 'status') {
        if (rest.length) throw bad(`"status" takes no arguments, got "${rest[0]}"`)
        const rows = await svc.status()
        if (ctx.json) print(JSON.stringify({ dryRun: svc.dryRun, wizards: rows.map(toJson) }, null, 2))
        else
          print(
            rows.length ? table(rows, svc.dryRun) : 'No wizards configured (pluginOptions.deadman.wizards).',
          )
        return 0
      }
      if (sub === 'beat' || sub === 'pause' || sub === 'resume' || sub === 'reset') {
        let parsed: ReturnType<typeof parseArgs>
        try {
          parsed = parseArgs({
            args: rest,
            allowPositionals: true,
            strict: true,
            options:
              sub === 'beat'
                ? {
                    source: { type: 'string' },
                    start: { type: 'boolean' },
                    finish: { type: 'boolean' },
                    run: { type: 'string' },
                  }
                : {},
          })
        } catch (err) {
          throw bad(reasonOf(err).replace(/\.$/, ''))
        }
        const [wizard, extra] = parsed.positionals
        if (!wizard) throw bad(`"${sub}" needs a wizard name`)
        if (extra !== undefined) throw bad(`"${sub}" takes one wizard, got also "${extra}"`)
        const v = parsed.values as { source?: string; start?: boolean; finish?: boolean; run?: string }
        if (v.start && v.finish) throw bad('--start and --finish cannot be used together')
        const kind: BeatKind = v.start ? 'start' : v.finish ? 'finish' : 'beat'
        const status =
          sub === 'beat'
            ? await svc.beat(wizard, {
                kind,
                ...(v.source ? { source: v.source } : {}),
                ...(v.run ? { run: v.run } : {}),
              })
            : await svc[sub](wizard)
        if (ctx.json) print(JSON.stringify({ dryRun: svc.dryRun, wizard: toJson(status) }, null, 2))
        else print(`${status.wizard}: ${describe(status)}`)
        return 0
      }
      throw bad(
        sub
          ? `unknown subcommand "${sub}" (status, beat, pause, resume, reset)`
          : 'a subcommand is needed (status, beat, pause, resume, reset)',
      )
    },
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function toJson(s: WizardStatus) {
  return {
    ...s,
    stateSince: iso(s.stateSince),
    lastBeatAt: iso(s.lastBeatAt),
    nextRestartAt: iso(s.nextRestartAt),
    deadman_active: s.active,
  }
}

function ago(ms: number | null): string {
  if (ms === null) return 'never'
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000))
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`
}

function describe(s: WizardStatus): string {
  return `${s.state}${s.paused ? '' : ''}, last beat ${ago(s.lastBeatAt)}${s.active ? ', deadman_active' : ''}`
}

function table(rows: WizardStatus[], dryRun: boolean): string {
  // On PostgreSQL (store.url) every host's wizards are listed: name the host that runs each.
  const hosts = rows.some((s) => s.host !== undefined)
  const body = formatTable(
    [
      ...(hosts ? ['host'] : []),
      'wizard',
      'state',
      'last beat',
      'restarts',
      'next restart',
      'active',
      'detectors',
      'error',
    ],
    rows.map((s) => [
      ...(hosts ? [s.host ?? '-'] : []),
      s.wizard,
      s.state,
      ago(s.lastBeatAt),
      `${s.restartsInWindow}/${s.maxRetries}`,
      s.active ? 'blocked' : s.nextRestartAt === null ? '-' : new Date(s.nextRestartAt).toISOString(),
      s.active ? 'yes' : 'no',
      s.flags.join(', ') || '-',
      s.lastError ?? '-',
    ]),
  )
  return dryRun ? `${body}\n(dry run: restarts, rollbacks and alerts are recorded, not done)` : body
}
