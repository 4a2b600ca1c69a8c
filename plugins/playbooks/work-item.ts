/**
 * Turn what an author or a webhook hands us into a WorkItem: a Gitea webhook payload (the event name
 * is inferred from its shape, or given), a plain work item `{ event, payload, repo?, issue? }`, or
 * nothing (a manual run).
 */
import { randomUUID } from 'node:crypto'
import type { WorkItem } from '../../core/hooks.js'
import { E } from './errors.js'

/** Gitea actions → the event names playbooks use (`issues.labeled` for Gitea's `label_updated`). */
const ACTIONS: Record<string, string> = { label_updated: 'labeled', label_cleared: 'unlabeled' }

export function workItemFrom(
  value: unknown,
  options: { event?: string; source?: string; now?: () => number } = {},
): WorkItem {
  const at = new Date((options.now ?? Date.now)()).toISOString()
  if (value === undefined || value === null) {
    return {
      id: randomUUID(),
      source: options.source ?? 'cli',
      event: options.event ?? 'manual',
      payload: {},
      receivedAt: at,
    }
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw E.PLAYBOOK_BAD_EVENT({ reason: 'expected a JSON object' })
  const v = value as Record<string, unknown>
  if (typeof v.event === 'string' && 'payload' in v) {
    const payload = v.payload
    const inferred = giteaFacts(payload)
    return {
      ...inferred,
      ...v,
      id: typeof v.id === 'string' ? v.id : randomUUID(),
      source: typeof v.source === 'string' ? v.source : (options.source ?? 'cli'),
      event: v.event,
      payload,
      receivedAt: typeof v.receivedAt === 'string' ? v.receivedAt : at,
    } as WorkItem
  }
  const event = options.event ?? giteaEventOf(v)
  if (!event)
    throw E.PLAYBOOK_BAD_EVENT({
      reason: 'cannot tell which Gitea event this payload is (no action/issue/pull_request/ref)',
    })
  return {
    id: randomUUID(),
    source: options.source ?? 'gitea',
    event,
    ...giteaFacts(v),
    payload: v,
    receivedAt: at,
  }
}

/** `issues.opened`, `issue_comment.created`, `pull_request.closed`, `push`… from a payload's shape. */
export function giteaEventOf(p: Record<string, unknown>): string | undefined {
  const action = typeof p.action === 'string' ? (ACTIONS[p.action] ?? p.action) : undefined
  if ('comment' in p && action) return `issue_comment.${action}`
  if ('pull_request' in p && action) return `pull_request.${action}`
  if ('issue' in p && action) return `issues.${action}`
  if (typeof p.ref === 'string' && Array.isArray(p.commits)) return 'push'
  return undefined
}

function giteaFacts(payload: unknown): { repo?: string; issue?: number } {
  if (!payload || typeof payload !== 'object') return {}
  const p = payload as Record<string, any>
  const repo = typeof p.repository?.full_name === 'string' ? p.repository.full_name : undefined
  const number = p.issue?.number ?? p.pull_request?.number ?? p.number
  return { ...(repo ? { repo } : {}), ...(typeof number === 'number' ? { issue: number } : {}) }
}

/** The label names on the item's issue or pull request. */
export function labelsOf(item: WorkItem): string[] {
  const p = item.payload as Record<string, any> | undefined
  const labels = p?.issue?.labels ?? p?.pull_request?.labels ?? p?.labels ?? []
  const names = Array.isArray(labels) ? labels.map((l) => (typeof l === 'string' ? l : l?.name)) : []
  if (typeof p?.label?.name === 'string') names.push(p.label.name)
  return names.filter((n): n is string => typeof n === 'string')
}
