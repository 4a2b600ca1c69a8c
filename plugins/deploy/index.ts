/**
 * The deploy plugin: provides the `deploy` service (generations, live, lastKnownGood, rollback,
 * deploy), turns verified Gitea pushes to the config repo into serialised deploys, and offers the
 * `flush_continuity` task and command (commands/index.ts).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { isMapping, schemaHint } from '../../core/config/schema-hint.js'
import { readTextFile } from '../../core/config/yaml-source.js'
import { definePlugin, type PluginHost } from '../../core/plugin.js'
import { readCronYaml } from '../hermes/cron-yaml.js'
import { bridgeInstallOf } from './bridge-overlay.js'
import { checkConfigYaml } from './check-config-yaml.js'
import { checkWebhookConfig } from './check-webhook.js'
import { commands } from './commands/index.js'
import { DeployConfigSchema, type DeploySettings } from './config-schema.js'
import { createDeployTrigger, type DeployTrigger } from './deploy-trigger.js'
import { documentedVars } from './overlay.js'
import { pullConfigRepo } from './pull-config-repo.js'
import { createDeployService, type DeployService } from './service.js'
import type { DeployContext } from './transaction.js'

export type { DeployService, GenerationInfo } from './service.js'

/** The context the core deploy functions need, from a plugin host and the plugin's options. */
export function deployContext(
  host: Pick<PluginHost, 'paths' | 'hooks' | 'log'> & { validators: PluginHost['validators'] },
  settings: DeploySettings,
): DeployContext {
  return {
    home: host.paths.home,
    hermesHome: host.paths.hermesHome,
    hooks: host.hooks,
    validators: host.validators,
    log: host.log,
    keep: settings.keep,
    lockTimeoutMs: settings.lockTimeoutMs,
    bridge: bridgeInstallOf(settings.bridge, host.paths),
  }
}

interface PushPayload {
  ref?: string
  after?: string
  repository?: { full_name?: string }
}

export default definePlugin({
  name: 'deploy',
  version: '0.1.0',
  commands,
  provides: ['deploy'],
  description: 'Deploys the Hermes overlay as generations; webhook-triggered deploys; continuity notes.',
  options: DeployConfigSchema,
  movedFrom: 'deploy',
  setup(host, options) {
    const ctx = deployContext(host, options)
    const source = options.source ?? process.cwd()
    const service: DeployService = {
      ...createDeployService(ctx, { source, settings: options, queue: () => host.maybeUse('queue') }),
      // `timmy doctor`: finishes an interrupted deploy, then checks the live generation
      doctor: async () => [await (await import('./doctor-check.js')).deployDoctorCheck(host.paths)],
    }
    host.provide('deploy', service)

    const hook = options.webhook
    let trigger: DeployTrigger | undefined
    if (hook.enabled) {
      // Deny by default: the repo and its remote come from timmy's config, never from a payload.
      checkWebhookConfig(hook)
      const workdir = hook.workdir ?? join(host.paths.home, 'config-repo')
      trigger = createDeployTrigger({
        debounceMs: hook.debounceMs,
        run: async (event) => {
          const report = async (state: 'success' | 'failure', description: string) => {
            // A commit status `timmy/deploy` on the pushed commit, when Gitea is configured.
            const gitea = host.maybeUse('gitea')
            const repo = hook.repo || event.repo
            if (!gitea?.url() || !repo) return
            try {
              await gitea.client().createStatus(repo, event.commit, {
                state,
                context: 'timmy/deploy',
                description,
              })
            } catch (err) {
              host.log.warn({ err: (err as Error).message }, 'could not set the deploy commit status')
            }
          }
          try {
            const commit = await pullConfigRepo({
              workdir,
              remote: hook.remote,
              branch: hook.branch,
              commit: event.commit,
            })
            const result = await service.deploy({ source: workdir, commit })
            host.log.info(
              { commit, generation: result.generation, outcome: result.outcome },
              'webhook deploy',
            )
            await report('success', `generation ${result.generation ?? 'unchanged'} (${result.outcome})`)
          } catch (err) {
            await report('failure', (err as Error).message.split('\n')[0]!.slice(0, 140))
            throw err
          }
        },
        onError: (err, event) =>
          host.log.error(
            { commit: event.commit, err: (err as Error).message },
            'webhook deploy failed; Hermes keeps the live generation',
          ),
      })
      host.provide('deploy.trigger', trigger)
      host.onClose(() => trigger?.close())
      host.hooks.workItem.tap('deploy', (item) => {
        if (item.source !== 'gitea' || item.event !== 'push') return item
        const p = (item.payload ?? {}) as PushPayload
        // Only the configured repo, named by the signed payload itself; its clone_url is never used.
        if (p.ref !== `refs/heads/${hook.branch}` || p.repository?.full_name !== hook.repo) return item
        if (!p.after || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(p.after) || /^0+$/.test(p.after)) return item
        trigger!.push({ commit: p.after, repo: hook.repo })
        return item
      })
    }

    // `timmy validate` checks the overlay's config.yaml and cron.yaml the way deploy does.
    host.registerValidator({
      name: 'hermes-config',
      match: (rel) => rel === 'config/config.yaml',
      validate(source) {
        const env = join(dirname(resolve(source.file)), 'env.example')
        const documented = existsSync(env) ? documentedVars(readTextFile(env)) : new Set<string>()
        return { warnings: checkConfigYaml(source, documented, 'config/env.example') }
      },
    })
    host.registerValidator({
      name: 'hermes-cron',
      match: (rel) => rel === 'config/cron.yaml',
      // by content: the schema it names, else a `jobs:` list of scheduled prompts
      detect: (source) => {
        const hint = schemaHint(source)
        const v = source.value
        if (hint) return hint === 'cron'
        return isMapping(v) && Array.isArray(v.jobs) && v.jobs.every((j) => isMapping(j) && 'schedule' in j)
      },
      validate(source) {
        if (source.value != null) readCronYaml(source)
      },
    })

    host.registerTask({
      name: 'flush_continuity',
      description: 'Append the active state summary to $TIMMY_HOME/daily-notes/YYYY-MM-DD.md',
      handler: () => ({ file: service.flushContinuity() }),
    })
  },
})
