import type { GiteaClient } from '../client.js'
import type {
  GiteaAssignEffect,
  GiteaCloseEffect,
  GiteaCommentEffect,
  GiteaUnlabelEffect,
} from '../effects.js'
import { need } from './need.js'

/** `gitea.unlabel`: remove the named labels the issue carries. */
export async function applyUnlabel(
  client: GiteaClient,
  e: GiteaUnlabelEffect,
): Promise<Record<string, unknown>> {
  need(e, Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string'), 'labels must be names')
  const removed = await client.removeLabels(e.repo, e.issue, e.labels)
  return { repo: e.repo, issue: e.issue, removed }
}

/** `gitea.comment`: comment on the issue or PR. */
export async function applyComment(
  client: GiteaClient,
  e: GiteaCommentEffect,
): Promise<Record<string, unknown>> {
  need(e, typeof e.body === 'string' && e.body !== '', 'body must be a non-empty string')
  const c = await client.createComment(e.repo, e.issue, e.body)
  return { repo: e.repo, issue: e.issue, comment: c.id, url: c.html_url }
}

/** `gitea.assign`: replace the issue's assignees. */
export async function applyAssign(
  client: GiteaClient,
  e: GiteaAssignEffect,
): Promise<Record<string, unknown>> {
  need(e, Array.isArray(e.assignees), 'assignees must be a list of usernames')
  const i = await client.assign(e.repo, e.issue, e.assignees)
  return { repo: e.repo, issue: e.issue, assignees: (i.assignees ?? []).map((u) => u.login) }
}

/** `gitea.close`: close the issue. */
export async function applyClose(client: GiteaClient, e: GiteaCloseEffect): Promise<Record<string, unknown>> {
  const i = await client.closeIssue(e.repo, e.issue)
  return { repo: e.repo, issue: e.issue, state: i.state }
}
