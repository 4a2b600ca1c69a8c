/** `timmy orchestrate [--once] [--standby] [--confirm] [--json]` and `timmy dispatch <owner/repo> <issue> [--apply]`. */
import { E, reasonOf } from '../../core/errors.js'
import type { PluginCommand, PluginHost } from '../../core/plugin.js'
import type { DispatchResult } from '../dispatch/types.js'
import type { OrchestratorContext } from './index.js'
import { acquireLease, type LeaseInfo, releaseLease, renewLease } from './lease.js'
import { describePlan, planDispatch } from './plan-dispatch.js'
import { type TickReport, tick } from './tick.js'

export function orchestrateCommand(
  host: PluginHost,
  ctx: OrchestratorContext,
  migrate: () => Promise<void>,
): PluginCommand {
  return {
    description: 'Run the singleton coordinator loop (one per store, held by a lease); dry unless --confirm',
    usage: 'timmy orchestrate [--once] [--standby] [--confirm] [--json]',
    options: {
      once: { type: 'boolean', description: 'run one tick, print its report and exit' },
      standby: {
        type: 'boolean',
        description: 'when another process holds the lease, wait and take over when it lapses',
      },
      confirm: {
        type: 'boolean',
        description: 'act on the plan (default: plan only, unless pluginOptions.orchestrator.confirm)',
      },
    },
    async run(c) {
      const { values } = c
      const confirm = Boolean(values.confirm) || ctx.options.confirm
      await migrate()
      const store = await host.store()
      const ttl = ctx.options.leaseTtlMs
      const say = (text: string) => c.stderr.write(`${text}\n`)
      const running = new Set<Promise<unknown>>()
      let stop = false
      let lost = false
      const onSignal = () => {
        stop = true
      }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      let lease: LeaseInfo | undefined
      for (;;) {
        if (stop) {
          process.off('SIGINT', onSignal)
          process.off('SIGTERM', onSignal)
          return 0
        }
        const got = acquireLease(store, 'orchestrator', ctx.holder, ttl)
        if (got.ok) {
          lease = got.lease
          break
        }
        if (!values.standby) {
          process.off('SIGINT', onSignal)
          process.off('SIGTERM', onSignal)
          throw E.ORCHESTRATOR_HELD({
            holder: got.heldBy.holder,
            expires: new Date(got.heldBy.expiresAt).toISOString(),
          })
        }
        await sleep(Math.min(1000, ttl / 2))
      }
      say(
        `orchestrator lease acquired by ${ctx.holder}${confirm ? '' : ' (dry: planning only; --confirm to act)'}`,
      )
      const renewer = setInterval(
        () => {
          if (!renewLease(store, lease!, ttl)) {
            lost = true
            stop = true
          }
        },
        Math.max(100, Math.floor(ttl / 3)),
      )
      try {
        do {
          let report: TickReport | { error: string }
          try {
            report = await tick(host, await ctx.tickOptions(Date.now(), confirm), running)
          } catch (err) {
            report = { error: reasonOf(err) }
            host.log.warn({ err: reasonOf(err) }, 'orchestrator tick failed')
          }
          if (values.once || c.json) c.stdout.write(`${JSON.stringify(report, null, c.json ? 2 : 0)}\n`)
          if (values.once) break
          const until = Date.now() + ctx.options.intervalMs
          while (!stop && Date.now() < until) await sleep(Math.min(200, until - Date.now()))
        } while (!stop)
        const deadline = Date.now() + ctx.options.graceMs
        while (running.size && Date.now() < deadline) await sleep(100)
      } finally {
        clearInterval(renewer)
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        if (!lost) releaseLease(store, lease)
      }
      if (lost) {
        say('orchestrator lease lost to another process; stopping')
        return 1
      }
      return 0
    },
  }
}

export function dispatchCommand(host: PluginHost): PluginCommand {
  return {
    description: 'Dispatch one issue to an agent by hand (plans only, unless --apply)',
    usage: 'timmy dispatch <owner/repo> <issue> [--lane NAME] [--prompt TEXT] [--apply] [--json]',
    args: '<owner/repo> <issue>',
    options: {
      lane: {
        type: 'string',
        value: 'name',
        description: "the lane (lanes.yaml) whose agent and model run (default: Hermes' default profile)",
      },
      prompt: {
        type: 'string',
        value: 'text',
        description: "the agent's prompt (default: the issue's title and body)",
      },
      apply: { type: 'boolean', description: 'run the agent (default: print the plan only)' },
    },
    async run(c) {
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)))
}
