/** Verified Gitea pushes to the config repo become serialised deploys (service `deploy.trigger`). */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PluginHost } from '../../core/plugin.js'
import { checkWebhookConfig } from './check-webhook.js'
import type { DeploySettings } from './config-schema.js'
import { createDeployTrigger, type DeployTrigger, type PushEvent } from './deploy-trigger.js'
import type { FleetService } from './fleet/types.js'
import type { DeployService } from './service.js'

type WebhookSettings = DeploySettings['webhook']

let pullBody: Promise<typeof import('./pull-config-repo.js')> | undefined
const loadPull = () => (pullBody ??= import('./pull-config-repo.js'))

interface PushPayload {
  ref?: string
  after?: string
  repository?: { full_name?: string }
}

export function tapWebhookDeploys(
  host: PluginHost,
  hook: WebhookSettings,
  service: DeployService,
  fleet?: FleetService,
): void {
  // Deny by default: the repo and its remote come from timmy's config, never from a payload.
  checkWebhookConfig(hook)
  const workdir = hook.workdir ?? join(host.paths.home, 'config-repo')
  const trigger: DeployTrigger = createDeployTrigger({
    debounceMs: hook.debounceMs,
    run: (event) => deployPush(host, hook, service, workdir, event, fleet),
    onError: (err, event) =>
      host.log.error(
        { commit: event.commit, err: (err as Error).message },
        'webhook deploy failed; Hermes keeps the live generation',
      ),
  })
  host.provide('deploy.trigger', trigger)
  host.onClose(() => trigger.close())
  host.hooks.workItem.tap('deploy', (item) => {
    if (item.source !== 'gitea' || item.event !== 'push') return item
    const p = (item.payload ?? {}) as PushPayload
    // Only the configured repo, named by the signed payload itself; its clone_url is never used.
    if (p.ref !== `refs/heads/${hook.branch}` || p.repository?.full_name !== hook.repo) return item
    if (!p.after || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(p.after) || /^0+$/.test(p.after)) return item
    trigger.push({ commit: p.after, repo: hook.repo })
    return item
  })
}

/**
 * Pull the pushed commit and deploy it; a commit status `timmy/deploy` tells Gitea how it went. A
 * commit with `config/inventory.yaml` starts a fleet rollout instead (fleet/run-rollout.ts): every
 * host in the inventory deploys it with its own values, one at a time.
 */
async function deployPush(
  host: PluginHost,
  hook: WebhookSettings,
  service: DeployService,
  workdir: string,
  event: PushEvent,
  fleet?: FleetService,
): Promise<void> {
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
    const { pullConfigRepo } = await loadPull()
    const commit = await pullConfigRepo({
      workdir,
      remote: hook.remote,
      branch: hook.branch,
      commit: event.commit,
      hermes: host.use('hermes'),
    })
    if (fleet && existsSync(join(workdir, 'config', 'inventory.yaml'))) {
      const rollout = await fleet.start(commit)
      host.log.info({ commit, rollout: rollout.id }, 'webhook push: fleet rollout started')
      await report('success', `rollout ${rollout.id} started (${rollout.hosts.length} hosts)`)
      return
    }
    const result = await service.deploy({ source: workdir, commit })
    host.log.info({ commit, generation: result.generation, outcome: result.outcome }, 'webhook deploy')
    await report('success', `generation ${result.generation ?? 'unchanged'} (${result.outcome})`)
  } catch (err) {
    await report('failure', (err as Error).message.split('\n')[0]!.slice(0, 140))
    throw err
  }
}
