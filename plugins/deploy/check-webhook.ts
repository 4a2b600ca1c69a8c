/**
 * The deploy webhook is deny by default: it runs only with the config repo (`owner/name`) and its git
 * remote set in timmy's own config, and the remote must use https, ssh or git transport (never
 * `file://`, a local path, `ext::` or plain http). The push payload never names what is cloned.
 */
import { E } from './errors.js'

const URL_TRANSPORT = /^(https|ssh|git):\/\/[^/\s]/i
/** scp-like ssh: `[user@]host:path` (no `://`, no `::` helper, no leading dash). */
const SCP_LIKE = /^(?:[A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!:)(?!\/\/)\S/

/** Why `remote` is refused, or undefined when git may fetch from it. */
export function remoteProblem(remote: string): string | undefined {
  if (!remote) return 'pluginOptions.deploy.webhook.remote is not set'
  if (remote.startsWith('-')) return `pluginOptions.deploy.webhook.remote "${remote}" starts with "-"`
  if (URL_TRANSPORT.test(remote) || (!remote.includes('://') && SCP_LIKE.test(remote))) return undefined
  return `pluginOptions.deploy.webhook.remote "${remote}" is not an https://, ssh:// or git:// URL (or user@host:path)`
}

export function checkWebhookConfig(hook: { repo: string; remote: string }): void {
  if (!/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(hook.repo))
    throw E.DEPLOY_WEBHOOK_UNSAFE({
      reason: hook.repo
        ? `pluginOptions.deploy.webhook.repo "${hook.repo}" is not "owner/name"`
        : 'pluginOptions.deploy.webhook.repo is not set',
    })
  const problem = remoteProblem(hook.remote)
  if (problem) throw E.DEPLOY_WEBHOOK_UNSAFE({ reason: problem })
}

/** `git -c` options that let git use only the allowed transports (submodules and redirects included). */
export const GIT_TRANSPORT_ARGS = [
  '-c',
  'protocol.allow=never',
  '-c',
  'protocol.https.allow=always',
  '-c',
  'protocol.ssh.allow=always',
  '-c',
  'protocol.git.allow=always',
]
