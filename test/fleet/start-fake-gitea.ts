/**
 * The fake Gitea as its own process, for the rehearsal (`npm run test:fleet`). It prints one JSON line
 * `{ url, control, tokens }` on stdout once it listens, then serves:
 * - the fake Gitea API (test/gitea/fake-gitea.ts) on `url`;
 * - a test-only control server on `control`: GET /state (the whole state as plain JSON), POST /repo,
 *   /issue (a human opens an issue), /branch (an agent pushed a branch), /label (a human labels),
 *   /webhook (where to deliver: `url`, or `urls` to deliver to each in turn, as a load balancer in front
 *   of several hosts would), /review (a human approves a PR).
 * Like a real Gitea with a repository webhook, it delivers signed webhooks (`issues` opened and
 * label_updated, `pull_request` opened and merged, `pull_request_approved`) for the hooked repos,
 * found by watching the requests the API answered.
 * Usage: node --import tsx test/fleet/start-fake-gitea.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startFakeGitea } from '../gitea/fake-gitea.js'
import type { FakeIssue, FakeRepo } from '../gitea/fake-gitea-state.js'
import { signedDelivery } from './sign-webhook.js'

const TOKENS: Record<string, string> = {
  'fleet-timmy-token': 'timmy',
  'fleet-coder-token': 'coder',
  'fleet-reviewer-token': 'reviewer',
  'fleet-human-token': 'alice',
}

const fake = await startFakeGitea({ tokens: TOKENS })
for (const login of ['coder', 'reviewer', 'ops', 'alice'])
  if (!fake.state.users.has(login)) fake.addUser(login)

let hook: { urls: string[]; secret: string; repos: string[] } | undefined
let turn = 0
const deliveries: { event: string; action?: string; status: number; repo: string; url: string }[] = []
let chain = Promise.resolve()

/** Deliver one webhook, in order (Gitea's hook queue is ordered per repository). */
function deliver(repoFull: string, event: string, eventType: string, payload: Record<string, unknown>) {
  if (!hook || !hook.repos.includes(repoFull.toLowerCase())) return
  const target = hook
  const url = target.urls[turn++ % target.urls.length]!
  chain = chain.then(async () => {
    const d = signedDelivery(event, eventType, payload, target.secret)
    let status = 0
    try {
      const res = await fetch(url, { method: 'POST', headers: d.headers, body: d.body })
      status = res.status
      await res.arrayBuffer()
    } catch {
      status = -1
    }
    deliveries.push({
      event,
      ...(payload.action ? { action: String(payload.action) } : {}),
      status,
      repo: repoFull,
      url,
    })
  })
}

const repoOf = (full: string): FakeRepo => {
  const r = fake.state.repo(full)
  if (!r) throw new Error(`no repo ${full}`)
  return r
}
const issueOf = (r: FakeRepo, n: number): FakeIssue => {
  const i = r.issues.find((x) => x.number === n)
  if (!i) throw new Error(`no issue #${n} in ${r.owner}/${r.name}`)
  return i
}
const full = (r: FakeRepo) => `${r.owner}/${r.name}`

function issuePayload(r: FakeRepo, i: FakeIssue, action: string, sender: string) {
  return {
    action,
    number: i.number,
    issue: fake.state.issueJson(r, i),
    repository: fake.state.repoJson(r),
    sender: fake.state.userJson(sender),
    commit_id: '',
  }
}
function pullPayload(r: FakeRepo, i: FakeIssue, action: string, sender: string, review?: unknown) {
  return {
    action,
    number: i.number,
    pull_request: fake.state.pullJson(r, i),
    requested_reviewer: null,
    repository: fake.state.repoJson(r),
    sender: fake.state.userJson(sender),
    commit_id: '',
    review: review ?? null,
  }
}

// Watch what the API answered and send the webhooks Gitea would send for it.
let seen = 0
const userOfToken = (auth?: string) => {
  const m = auth ? /^(?:token|bearer)\s+(\S+)$/i.exec(auth) : null
  return (m && TOKENS[m[1]!]) ?? 'timmy'
}
setInterval(() => {
  for (; seen < fake.requests.length; seen++) {
    const q = fake.requests[seen]!
    if (q.status < 200 || q.status > 299 || q.method === 'GET') continue
    const sender = userOfToken(q.authorization)
    let m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/.exec(q.path)
    if (m && q.method === 'POST') {
      const r = repoOf(`${m[1]}/${m[2]}`)
      const i = issueOf(r, Number(m[3]))
      if (i.pull)
        deliver(full(r), 'pull_request', 'pull_request_label', pullPayload(r, i, 'label_updated', sender))
      else deliver(full(r), 'issues', 'issue_label', issuePayload(r, i, 'label_updated', sender))
      continue
    }
    m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(q.path)
    if (m && q.method === 'POST') {
      const r = repoOf(`${m[1]}/${m[2]}`)
      const pr = r.issues.filter((i) => i.pull).at(-1)!
      deliver(full(r), 'pull_request', 'pull_request', pullPayload(r, pr, 'opened', sender))
      continue
    }
    m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/merge$/.exec(q.path)
    if (m && q.method === 'POST') {
      const r = repoOf(`${m[1]}/${m[2]}`)
      deliver(
        full(r),
        'pull_request',
        'pull_request',
        pullPayload(r, issueOf(r, Number(m[3])), 'closed', sender),
      )
      continue
    }
    m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(q.path)
    if (m && q.method === 'POST') {
      const r = repoOf(`${m[1]}/${m[2]}`)
      const i = r.issues.filter((x) => !x.pull).at(-1)!
      deliver(full(r), 'issues', 'issues', issuePayload(r, i, 'opened', sender))
    }
  }
}, 20).unref()

/** The whole state as plain JSON, with label names instead of ids. */
function dump() {
  const repos: Record<string, unknown> = {}
  for (const r of fake.state.repos.values()) {
    const name = (id: number) => r.labels.find((l) => l.id === id)?.name ?? String(id)
    repos[full(r)] = {
      labels: r.labels.map((l) => l.name),
      branches: [...r.branches],
      issues: r.issues.map((i) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        state: i.state,
        user: i.user,
        labels: i.labels.map(name),
        assignees: i.assignees,
        comments: r.comments.filter((c) => c.issue === i.number).map((c) => ({ user: c.user, body: c.body })),
        ...(i.pull
          ? {
              pull: {
                head: i.pull.head,
                base: i.pull.base,
                merged: i.pull.merged,
                mergeable: i.pull.mergeable,
                headSha: i.pull.headSha,
              },
            }
          : {}),
      })),
    }
  }
  return { repos, deliveries, requests: fake.requests.length }
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as Record<string, any>) : {}
}

const control = createServer((req: IncomingMessage, res: ServerResponse) => {
  const send = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  handle(req)
    .then((out) => send(200, out ?? { ok: true }))
    .catch((err: Error) => send(400, { error: err.message }))
})

async function handle(req: IncomingMessage): Promise<unknown> {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  if (req.method === 'GET' && path === '/state') return dump()
  const b = await readJson(req)
  switch (path) {
    case '/repo': {
      const r = fake.addRepo(b.repo, { collaborators: b.collaborators ?? [] })
      for (const l of b.labels ?? []) fake.addLabel(b.repo, l)
      return { id: r.id }
    }
    case '/webhook':
      hook = {
        urls: (b.urls as string[] | undefined) ?? [b.url as string],
        secret: b.secret,
        repos: (b.repos as string[]).map((x) => x.toLowerCase()),
      }
      turn = 0
      return { ok: true }
    case '/issue': {
      const r = repoOf(b.repo)
      const i = fake.addIssue(b.repo, {
        title: b.title,
        body: b.body ?? '',
        user: b.user ?? 'alice',
        labels: b.labels ?? [],
      })
      deliver(full(r), 'issues', 'issues', issuePayload(r, i, 'opened', b.user ?? 'alice'))
      return { number: i.number }
    }
    case '/branch':
      repoOf(b.repo).branches.add(b.branch)
      return { ok: true }
    case '/review': {
      // A human approves a PR: Gitea sends `pull_request_approved` (action "reviewed").
      const r = repoOf(b.repo)
      const i = issueOf(r, b.number)
      deliver(
        full(r),
        'pull_request_approved',
        'pull_request_review_approved',
        pullPayload(r, i, 'reviewed', b.user ?? 'reviewer', {
          type: 'pull_request_review_approved',
          content: b.body ?? 'LGTM',
        }),
      )
      return { ok: true }
    }
    case '/flush':
      await chain
      return { delivered: deliveries.length }
    default:
      throw new Error(`unknown control route ${req.method} ${path}`)
  }
}

await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', () => resolve()))
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`
process.stdout.write(`${JSON.stringify({ url: fake.url, control: controlUrl, tokens: TOKENS })}\n`)

const stop = async () => {
  control.close()
  await fake.close().catch((err: Error) => process.stderr.write(`${err.message}\n`))
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
