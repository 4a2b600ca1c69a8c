/**
 * A verified Gitea delivery → a timmy work item. `event` is `<X-Gitea-Event>.<action>` (`push` alone),
 * with Gitea's label actions named like the rest (`label_updated` → `labeled`, `label_cleared` →
 * `unlabeled`) and a merged PR's "closed" named `merged`. The fine event type, action and delivery id
 * ride along in `gitea`.
 */
import type { WorkItem } from '../../core/hooks.js'

export interface GiteaDelivery {
  id: string
  /** X-Gitea-Event: push, issues, issue_comment, pull_request, create, delete, … */
  event: string
  /** X-Gitea-Event-Type: issue_label, pull_request_sync, pull_request_comment, … */
  eventType: string
  payload: Record<string, unknown>
}

const ACTION_NAMES: Record<string, string> = { label_updated: 'labeled', label_cleared: 'unlabeled' }

export function toWorkItem(d: GiteaDelivery, receivedAt: Date): WorkItem {
  const p = d.payload
  const rawAction = typeof p.action === 'string' ? p.action : undefined
  const pr = p.pull_request as { merged?: boolean; number?: number } | undefined
  let action = rawAction ? (ACTION_NAMES[rawAction] ?? rawAction) : undefined
  if (d.event === 'pull_request' && rawAction === 'closed' && pr?.merged) action = 'merged'
  const repo = (p.repository as { full_name?: string } | undefined)?.full_name
  const number =
    (p.issue as { number?: number } | undefined)?.number ??
    pr?.number ??
    (typeof p.number === 'number' ? p.number : undefined)
  return {
    id: `gitea:${d.id}`,
    source: 'gitea',
    event: action ? `${d.event}.${action}` : d.event,
    ...(repo ? { repo } : {}),
    ...(number !== undefined ? { issue: number } : {}),
    payload: p,
    receivedAt: receivedAt.toISOString(),
    gitea: {
      delivery: d.id,
      event: d.event,
      eventType: d.eventType,
      ...(rawAction ? { action: rawAction } : {}),
    },
  }
}
