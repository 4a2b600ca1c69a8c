/** `timmy orchestrate [--once] [--standby] [--confirm] [--json]` and `timmy dispatch <owner/repo> <issue> [--apply]`. */

import type { CommandContext, PluginCommand } from '../../core/plugin.js'
import type { DispatchResult } from '../dispatch/types.js'
import { dispatchCommandSpec, orchestrateCommandSpec } from './command-spec.js'
import { E } from './errors.js'
import { describePlan, planDispatch } from './plan-dispatch.js'
import { runTicks } from './run-ticks.js'
import { stopOnSignals } from './stop-on-signals.js'
import type { OrchestratorService } from './types.js'
import { waitForLease } from './wait-for-lease.js'

/** The loop; its `run` takes the orchestrator service (options, lease holder, host) from the booted host. */
export function orchestrateCommand(): PluginCommand {
  return {
    ...orchestrateCommandSpec,
    async run(c) {
      const { host, context: ctx, leases: openLeases } = orchestratorOf(c)
      const confirm = Boolean(c.values.confirm) || ctx.options.confirm
      const leases = await openLeases()
      const ttl = ctx.options.leaseTtlMs
      const running = new Set<Promise<unknown>>()
      const signals = stopOnSignals()
      const { flags } = signals
      const lease = await waitForLease(leases, ctx.holder, ttl, Boolean(c.values.standby), signals)
      if (!lease) return 0
      c.stderr.write(
        `orchestrator lease acquired by ${ctx.holder}${confirm ? '' : ' (dry: planning only; --confirm to act)'}\n`,
      )
      const lose = () => {
        flags.lost = true
        flags.stop = true
      }
      // a renewal that cannot reach the store keeps the lease until it expires; the next one decides
      const renewer = setInterval(
        () =>
          void leases.renew(lease, ttl).then(
            (kept) => kept || lose(),
            () => {},
          ),
        Math.max(100, Math.floor(ttl / 3)),
      )
      try {
        await runTicks(host, ctx, c, confirm, running, flags)
      } finally {
        clearInterval(renewer)
        signals.off()
        if (!flags.lost) await leases.release(lease)
      }
      if (flags.lost) {
        c.stderr.write('orchestrator lease lost to another process; stopping\n')
        return 1
      }
      return 0
    },
  }
}

/** One issue by hand; its `run` takes the orchestrator's host (services, effects) from the booted host. */
export function dispatchCommand(): PluginCommand {
  return {
    ...dispatchCommandSpec,
    async run(c) {
      const { host } = orchestratorOf(c)
      const { values, positionals } = c
      const [repo, num] = positionals
      if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo))
        throw E.CLI_BAD_ARGS({
          command: 'dispatch',
          reason: 'give the repository as owner/repo, e.g. "timmy dispatch fleet/api 12"',
        })
      const issueNumber = Number(num)
      if (!Number.isInteger(issueNumber) || issueNumber < 1)
        throw E.CLI_BAD_ARGS({
          command: 'dispatch',
          reason: `the issue must be a number, got "${num ?? ''}"`,
        })
      const lane = values.lane as string | undefined
      const plan = await planDispatch(host, {
        repo,
        issue: issueNumber,
        ...(lane !== undefined ? { lane } : {}),
        ...(values.prompt !== undefined ? { prompt: values.prompt as string } : {}),
      })
      const { effect } = plan
      if (!values.apply) {
        // An honest plan: the guard the agent.dispatch handler applies is checked now too.
        const dispatch = host.maybeUse('dispatch')
        const skipped = await dispatch?.refusal(repo, issueNumber, lane)
        if (skipped) {
          c.stdout.write(
            c.json
              ? `${JSON.stringify({ planned: [], skipped }, null, 2)}\n`
              : `Would not dispatch ${repo}#${issueNumber}: ${skipped}.\n`,
          )
          return 0
        }
        c.stdout.write(
          c.json
            ? `${JSON.stringify({ planned: [effect] }, null, 2)}\n`
            : `${describePlan(plan)} (dry run; add --apply to run the agent).\n`,
        )
        return 0
      }
      const result = (await host.applyEffect(effect)) as DispatchResult
      if (c.json) c.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      else if (result.skipped) c.stdout.write(`Did not dispatch ${repo}#${issueNumber}: ${result.skipped}.\n`)
      else {
        c.stdout.write(`Dispatched ${repo}#${issueNumber}: outcome ${result.run?.outcome ?? 'unknown'}\n`)
        if (result.error) c.stderr.write(`timmy: ${result.error.code}: ${result.error.message}\n`)
      }
      return result.skipped || result.run?.outcome === 'ok' ? 0 : 1
    },
  }
}

function orchestratorOf(c: CommandContext): OrchestratorService {
  const service = c.host.service('orchestrator')
  if (!service) throw E.SERVICE_MISSING({ plugin: 'orchestrator', service: 'orchestrator' })
  return service
}
