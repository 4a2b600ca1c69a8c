/**
 * Gitea-shaped webhook deliveries written for these tests (from the field lists in Gitea's
 * modules/structs): bodies serialised the way Gitea does (2-space indent, no trailing newline,
 * `< > &` escaped as \u003c \u003e \u0026), and the headers Gitea sends, signed with `secret`.
 */
import { createHmac, randomUUID } from 'node:crypto'

export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
}

const user = (id: number, login: string) => ({
  id,
  login,
  login_name: '',
  full_name: login,
  email: `${login}@noreply.example.com`,
  avatar_url: '',
  html_url: `https://git.example.com/${login}`,
  username: login,
})
const repository = {
  id: 42,
  owner: user(3, 'acme'),
  name: 'widgets',
  full_name: 'acme/widgets',
  private: false,
  default_branch: 'main',
  html_url: 'https://git.example.com/acme/widgets',
}
const issue = (n: number, pr = false) => ({
  id: 100 + n,
  number: n,
  title: 'Widget list returns 500 & <crashes>',
  body: 'Steps: GET /widgets',
  user: user(7, 'alice'),
  labels: [{ id: 11, name: 'bug', color: 'ee0701' }],
  state: 'open',
  assignee: null,
  assignees: null,
  pull_request: pr ? { merged: false, merged_at: null, draft: false } : null,
})

export const events = {
  push: () => ({
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: 'a'.repeat(40),
    compare_url: 'https://git.example.com/acme/widgets/compare/000...aaa',
    commits: [
      {
        id: 'a'.repeat(40),
        message: 'Fix <widget> & co\n',
        url: 'https://git.example.com/c',
        added: [],
        removed: [],
        modified: ['a.ts'],
      },
    ],
    total_commits: 1,
    repository,
    pusher: user(7, 'alice'),
    sender: user(7, 'alice'),
  }),
  issues: () => ({
    action: 'opened',
    number: 5,
    issue: issue(5),
    repository,
    sender: user(7, 'alice'),
    commit_id: '',
  }),
  issue_comment: () => ({
    action: 'created',
    issue: issue(5),
    comment: { id: 900, body: 'Me too & more', user: user(8, 'bob') },
    repository,
    sender: user(8, 'bob'),
    is_pull: false,
  }),
  pull_request: () => ({
    action: 'closed',
    number: 6,
    pull_request: {
      id: 17,
      number: 6,
      title: 'Fix widget',
      state: 'closed',
      merged: true,
      merged_at: '2026-01-02T03:04:05Z',
    },
    requested_reviewer: null,
    repository,
    sender: user(7, 'alice'),
    commit_id: '',
    review: null,
  }),
}

export type EventName = keyof typeof events

export function delivery(
  event: EventName,
  secret: string,
  o: { id?: string; eventType?: string; fields?: Record<string, unknown> } = {},
) {
  const body = goJson({ ...events[event](), ...o.fields })
  const sig = createHmac('sha256', secret).update(body).digest('hex')
  const id = o.id ?? randomUUID()
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Gitea-Delivery': id,
    'X-Gitea-Event': event,
    'X-Gitea-Event-Type': o.eventType ?? event,
    'X-Gitea-Signature': sig,
    'X-Hub-Signature-256': `sha256=${sig}`,
    'X-Gitea-Hook-Installation-Target-Type': 'repository',
  }
  return { body, headers, id, sig }
}
