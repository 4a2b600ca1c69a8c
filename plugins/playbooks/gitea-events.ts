/**
 * The event names a playbook's `on.event` may name: what core/gitea/to-work-item.ts produces for the
 * Gitea deliveries timmy receives (`<X-Gitea-Event>.<action>`, Gitea's label actions renamed, a merged
 * PR's "closed" as `merged`, `push`/`create`/`delete` alone) and timmy's own `manual` and `schedule`.
 * `<event>.*` matches every action of a known event.
 */
const ISSUE_ACTIONS = [
  'opened',
  'closed',
  'reopened',
  'edited',
  'deleted',
  'assigned',
  'unassigned',
  'labeled',
  'unlabeled',
  'milestoned',
  'demilestoned',
]
const PULL_ACTIONS = [
  ...ISSUE_ACTIONS,
  'synchronized',
  'merged',
  'reviewed',
  'review_requested',
  'review_request_removed',
]
const COMMENT_ACTIONS = ['created', 'edited', 'deleted']
const REVIEW_ACTIONS = ['reviewed']

const WITH_ACTIONS: Record<string, readonly string[]> = {
  issues: ISSUE_ACTIONS,
  issue_comment: COMMENT_ACTIONS,
  pull_request: PULL_ACTIONS,
  pull_request_approved: REVIEW_ACTIONS,
  pull_request_rejected: REVIEW_ACTIONS,
  pull_request_comment: REVIEW_ACTIONS,
  release: ['published', 'updated', 'deleted'],
  repository: ['created', 'deleted'],
}
const ALONE = ['push', 'create', 'delete', 'fork', 'manual', 'schedule']

export const KNOWN_EVENTS: readonly string[] = [
  ...Object.entries(WITH_ACTIONS).flatMap(([e, actions]) => actions.map((a) => `${e}.${a}`)),
  ...ALONE,
]

/** Whether `name` (an event, or `<event>.*`) is one timmy receives. */
export function isKnownEvent(name: string): boolean {
  if (name.endsWith('.*')) return name.slice(0, -2) in WITH_ACTIONS
  return KNOWN_EVENTS.includes(name)
}

/** The names shown in an error: events with their actions grouped. */
export function describeEvents(): string {
  return [...Object.keys(WITH_ACTIONS).map((e) => `${e}.<${WITH_ACTIONS[e]!.join('|')}>`), ...ALONE].join(
    ', ',
  )
}
