/**
 * A faithful fake Gitea for tests: a real HTTP server on 127.0.0.1 with in-memory users, repos,
 * labels, issues, PRs and comments, reproducing the behaviour documented from Gitea's source (201 on
 * issue edit, 409 on a duplicate PR, 405/409 on merge, `limit` clamped to 50, comma-joined absolute
 * Link headers from ROOT_URL, X-Total-Count, ANDed label filters, 500 for an unknown assignee, a bare
 * 403, ...). Faults (status + headers such as Retry-After, dropped connections before or after the
 * handler ran) and latency are injectable. With `GITEA_SPEC` set (the contract run), every request and
 * response is validated against Gitea's OpenAPI document; violations fail `close()`.
 *
 * Reusable by any area's tests:
 *   const gitea = await startFakeGitea(); t.after(() => gitea.close())
 *   gitea.addRepo('acme/widgets'); gitea.addIssue('acme/widgets', { title: 'x', labels: ['bug'] })
 *   createGiteaClient({ url: gitea.url, token: gitea.token })
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { type Handler, routes } from './fake-gitea-routes.js'
import { type FakeIssue, type FakeRepo, FakeState } from './fake-gitea-state.js'

export interface FakeGiteaOptions {
  /** Accepted tokens → user login. Default `{ [token]: 'timmy' }` with a random token. */
  tokens?: Record<string, string>
  /** ROOT_URL used in Link headers and html_url (default: the server's own address). */
  rootUrl?: string
  latencyMs?: number
  maxResponseItems?: number
  now?: () => number
  /** OpenAPI file to validate against; default `process.env.GITEA_SPEC`. */
  spec?: string
}

export interface Fault {
  method?: string
  /** Matched against the path under /api/v1 (a string is a substring match). */
  path?: string | RegExp
  /** Answer with this status (not processed), e.g. 429 with Retry-After, 503. */
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Drop the connection: `before` the handler ran, or `after` it applied its change. */
  drop?: 'before' | 'after'
  /** How many matching requests it hits (default 1). */
  times?: number
}

export interface RecordedRequest {
  method: string
  path: string
  query: string
  status: number
  authorization?: string | undefined
}

export interface SpecValidator {
  request(
    op: string,
    method: string,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): string[]
  response(
    op: string,
    method: string,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): string[]
}

export interface FakeGitea {
  url: string
  /** The default token (user `timmy`, an admin). */
  token: string
  state: FakeState
  requests: RecordedRequest[]
  counts: { creates: Record<string, number>; requests: number }
  violations: string[]
  latencyMs: number
  fault(f: Fault): void
  /** Drop every pending fault. */
  clearFaults(): void
  /** A test that sends an invalid request on purpose names the violation it expects (spec mode only). */
  forgive(pattern: RegExp): void
  addUser(login: string, o?: { fullName?: string; isAdmin?: boolean }): void
  addRepo(
    full: string,
    o?: { private?: boolean; archived?: boolean; branches?: string[]; collaborators?: string[] },
  ): FakeRepo
  addLabel(repo: string, name: string, color?: string): number
  addIssue(
    repo: string,
    o?: Partial<Pick<FakeIssue, 'title' | 'body' | 'state' | 'user' | 'assignees' | 'locked'>> & {
      labels?: string[]
      updatedAt?: number
    },
  ): FakeIssue
  addPull(
    repo: string,
    o: {
      head: string
      base?: string
      title?: string
      user?: string
      mergeable?: boolean
      conflict?: boolean
      draft?: boolean
      labels?: string[]
      state?: 'open' | 'closed'
    },
  ): FakeIssue
  close(): Promise<void>
}

export async function startFakeGitea(opts: FakeGiteaOptions = {}): Promise<FakeGitea> {
  const defaultToken = `fake-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
  const tokens = opts.tokens ?? { [defaultToken]: 'timmy' }
  const now = opts.now ?? Date.now
  const state = new FakeState('http://placeholder/', now)
  const faults: (Fault & { left: number })[] = []
  const sockets = new Set<Socket>()
  const forgiven: RegExp[] = []
  const specFile = opts.spec ?? process.env.GITEA_SPEC
  const validator: SpecValidator | undefined = specFile
    ? (await import('./openapi-validator.js')).loadSpecValidator(specFile)
    : undefined

  const fake: FakeGitea = {
    url: '',
    token: Object.keys(tokens)[0]!,
    state,
    requests: [],
    counts: { creates: {}, requests: 0 },
    violations: [],
    latencyMs: opts.latencyMs ?? 0,
    fault(f) {
      faults.push({ ...f, left: f.times ?? 1 })
    },
    clearFaults() {
      faults.length = 0
    },
    forgive(pattern) {
      forgiven.push(pattern)
    },
    addUser(login, o) {
      state.addUser(login, o)
    },
    addRepo(full, o = {}) {
      const [owner, name] = full.split('/') as [string, string]
      if (!state.users.has(owner)) state.addUser(owner)
      const r: FakeRepo = {
        id: state.nextId(),
        owner,
        name,
        private: o.private ?? false,
        archived: o.archived ?? false,
        defaultBranch: 'main',
        branches: new Set(['main', ...(o.branches ?? [])]),
        collaborators: new Set(o.collaborators ?? []),
        labels: [],
        issues: [],
        comments: [],
        nextNumber: 1,
        createdAt: now(),
      }
      state.repos.set(full.toLowerCase(), r)
      return r
    },
    addLabel(repo, name, color = 'ee0701') {
      const r = mustRepo(repo)
      const l = { id: state.nextId(), name, color, description: '' }
      r.labels.push(l)
      return l.id
    },
    addIssue(repo, o = {}) {
      const r = mustRepo(repo)
      const t = o.updatedAt ?? now()
      const issue: FakeIssue = {
        id: state.nextId(),
        number: r.nextNumber++,
        title: o.title ?? 'An issue',
        body: o.body ?? '',
        state: o.state ?? 'open',
        user: o.user ?? r.owner,
        labels: (o.labels ?? []).map((n) => r.labels.find((l) => l.name === n)?.id ?? fake.addLabel(repo, n)),
        assignees: o.assignees ?? [],
        createdAt: t,
        updatedAt: t,
        closedAt: o.state === 'closed' ? t : null,
        locked: o.locked ?? false,
        contentVersion: 0,
        comments: 0,
      }
      r.issues.push(issue)
      return issue
    },
    addPull(repo, o) {
      const r = mustRepo(repo)
      r.branches.add(o.head)
      const issue = fake.addIssue(repo, {
        title: o.title ?? `PR from ${o.head}`,
        ...(o.user ? { user: o.user } : {}),
        labels: o.labels ?? [],
        ...(o.state ? { state: o.state } : {}),
      })
      issue.pull = {
        id: state.nextId(),
        head: o.head,
        base: o.base ?? r.defaultBranch,
        headSha: 'a'.repeat(40),
        mergeable: o.mergeable ?? true,
        conflict: o.conflict ?? false,
        draft: o.draft ?? false,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
      }
      return issue
    },
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      fake.violations = fake.violations.filter((v) => !forgiven.some((p) => p.test(v)))
      if (fake.violations.length)
        throw new Error(
          `fake Gitea saw ${fake.violations.length} spec violation(s):\n${fake.violations.slice(0, 20).join('\n')}`,
        )
    },
  }
  state.addUser('timmy', { fullName: 'Timmy', isAdmin: true })
  for (const login of Object.values(tokens)) if (!state.users.has(login)) state.addUser(login)

  function mustRepo(full: string): FakeRepo {
    const r = state.repo(full)
    if (!r) throw new Error(`fake Gitea: no repo ${full}; call addRepo first`)
    return r
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      fake.violations.push(`fake Gitea crashed on ${req.method} ${req.url}: ${(err as Error).stack}`)
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    if (fake.latencyMs > 0) await new Promise((r) => setTimeout(r, fake.latencyMs))
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method ?? 'GET'
    fake.counts.requests++
    const record = (status: number) =>
      fake.requests.push({
        method,
        path: url.pathname,
        query: url.search,
        status,
        authorization: req.headers.authorization,
      })
    if (!url.pathname.startsWith('/api/v1/')) {
      record(404)
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found')
    }
    const apiPath = url.pathname.slice('/api/v1'.length)

    // Injected faults (a proxy in front of Gitea, or the network).
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method === method) &&
        (!f.path || (typeof f.path === 'string' ? apiPath.includes(f.path) : f.path.test(apiPath))),
    )
    if (fault) {
      fault.left--
      if (fault.drop === 'before') {
        record(0)
        return void req.socket.destroy()
      }
      if (fault.status) {
        record(fault.status)
        return void res
          .writeHead(fault.status, { 'content-type': 'text/html', ...fault.headers })
          .end(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`)
      }
    }

    let body: unknown
    if (raw !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        return send(422, { message: 'invalid JSON body', url: `${state.rootUrl}api/swagger` })
      }
    }

    // Auth: `token X` or `Bearer X`, scheme matched case-insensitively.
    let user: string | undefined
    const auth = req.headers.authorization
    if (auth) {
      const m = /^(token|bearer)\s+(\S+)$/i.exec(auth)
      user = m ? tokens[m[2]!] : undefined
      if (!user)
        return send(401, {
          message: 'invalid username, password or token',
          url: `${state.rootUrl}api/swagger`,
        })
    }

    let matched: { handler: Handler; op: string; params: Record<string, string> } | undefined
    for (const r of routes) {
      if (r.method !== method) continue
      const m = r.regex.exec(apiPath)
      if (m) {
        matched = {
          handler: r.handler,
          op: r.op,
          params: Object.fromEntries(
            Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
          ),
        }
        break
      }
    }
    if (!matched) return send(404, { message: 'not found', url: `${state.rootUrl}api/swagger` })
    if (validator)
      for (const v of validator.request(matched.op, method, matched.params, url.searchParams, body))
        fake.violations.push(`request ${method} ${url.pathname}${url.search}: ${v}`)

    const out = matched.handler({
      fake,
      state,
      user,
      params: matched.params,
      query: url.searchParams,
      path: apiPath,
      body,
      maxItems: opts.maxResponseItems ?? 50,
      created: (kind: string) => {
        fake.counts.creates[kind] = (fake.counts.creates[kind] ?? 0) + 1
      },
    })
    if (fault?.drop === 'after') {
      record(0)
      return void req.socket.destroy()
    }
    if (validator && out.status < 600)
      for (const v of validator.response(
        matched.op,
        method,
        out.status,
        out.bare ? undefined : (out.text ?? out.body),
        out.headers ?? {},
      ))
        fake.violations.push(`response ${out.status} to ${method} ${url.pathname}${url.search}: ${v}`)
    if (out.text !== undefined) {
      record(out.status)
      return void res.writeHead(out.status, out.headers ?? {}).end(out.text)
    }
    return send(out.status, out.body, out.headers, out.bare)

    function send(status: number, json: unknown, headers: Record<string, string> = {}, bare = false) {
      record(status)
      if (bare || json === undefined) return void res.writeHead(status, headers).end()
      const text = JSON.stringify(json)
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers }).end(text)
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.address() as AddressInfo).port
  fake.url = `http://127.0.0.1:${port}`
  state.rootUrl = opts.rootUrl ?? `${fake.url}/`
  return fake
}
