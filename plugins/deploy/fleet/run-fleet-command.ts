/** The body of `timmy fleet`: print the fleet's status, or start a rollout. */
import type { CommandContext } from '../../../core/plugin.js'
import { E } from '../errors.js'
import type { FleetStatus, Rollout } from './types.js'

export async function runFleetCommand(c: CommandContext): Promise<number> {
  const fleet = c.host.service('deploy.fleet')
  if (!fleet) throw E.SERVICE_MISSING({ plugin: 'timmy fleet', service: 'deploy.fleet' })
  const [sub = 'status', commit] = c.positionals
  const print = (line: string) => c.stdout.write(`${line}\n`)
  if (sub === 'deploy') {
    if (!commit)
      throw E.CLI_BAD_ARGS(
        { command: 'fleet deploy', reason: 'it needs a commit (a sha or a branch of the config repo)' },
        { exitCode: 2 },
      )
    const r = await fleet.start(commit)
    if (c.json) print(JSON.stringify(r, null, 2))
    else
      print(
        `rollout ${r.id} of ${r.commit.slice(0, 12)} started: ${r.hosts.map((h) => `${h.host} ${h.state}`).join(', ')}`,
      )
    return 0
  }
  const s = await fleet.status()
  if (c.json) print(JSON.stringify(s, null, 2))
  else for (const line of statusLines(s)) print(line)
  return s.current?.state === 'failed' || s.drift.length ? 1 : 0
}

function statusLines(s: FleetStatus): string[] {
  if (!s.current) return [`no rollout yet (${s.backend}); this host is ${s.self}`]
  return [
    ...rolloutLines(s.current),
    ...s.drift.map(
      (d) =>
        `drift: ${d.host} is on generation ${d.live ?? '-'}, the last successful rollout (${d.commit.slice(0, 12)}) left ${d.expected ?? '-'}`,
    ),
  ]
}

function rolloutLines(r: Rollout): string[] {
  return [
    `rollout ${r.id} ${r.commit.slice(0, 12)} ${r.state} (started by ${r.startedBy}, serial ${r.serial})`,
    ...r.hosts.map(
      (h) =>
        `  ${h.host.padEnd(24)} ${h.state.padEnd(9)} gen ${h.generation ?? '-'}${h.error ? `  ${h.error.code ?? ''} ${h.error.message}` : ''}`,
    ),
  ]
}
