/**
 * The rehearsal's world: a temp TIMMY_HOME/HERMES_HOME, a project folder with the shipped playbooks/,
 * lanes.yaml, config/ and skins/ (time compressed through config only), a config repo (a local git
 * repo) for webhook deploys, the fake Gitea process with its repos, the stub `hermes` on PATH, a first
 * `timmy deploy`, and `timmy serve`. `close()` stops every child.
 * With `store` (a PostgreSQL URL) the fleet has two hosts, `fleet-a` and `fleet-b`: each its own
 * TIMMY_HOME, HERMES_HOME and project folder (the same files), both on that one server, the fake Gitea
 * delivering webhooks to each in turn; the stub `hermes` is shared.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../helpers/cli.js'
import { configRepo as serveConfigRepo } from '../helpers/git-daemon.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import {
  type FakeGiteaProcess,
  type ServeProcess,
  startFakeGiteaProcess,
  startServe,
  stopChild,
  timmyJson,
} from './start-processes.js'
import { type AgentScript, installStubHermes, type StubHermes } from './stub-hermes.js'

export const REPO = 'acme/widgets'
export const OPS_REPO = 'acme/ops'
export const CONFIG_REPO = 'acme/fleet-config'
export const SECRET = 'fleet-webhook-secret'
/** The coder lane's model and provider, added to the shipped lanes.yaml for the rehearsal. */
export const CODER_MODEL = 'nousresearch/hermes-4-70b'
export const CODER_PROVIDER = 'openrouter'
export const BUG_FIXER_CAP = 800_000
export const MAX_RETRIES = 2

/** One `timmy serve` of the fleet and the `timmy` CLI run on its host (its TIMMY_HOME and project). */
export interface FleetHost {
  /** `pluginOptions.hosts.id` (undefined on the single SQLite host: the default id). */
  id: string | undefined
  box: Sandbox
  project: string
  serve: ServeProcess
  webhookUrl: string
  timmy<T = any>(
    args: string[],
    okCodes?: number[],
  ): Promise<{ code: number | null; value: T; stderr: string }>
}

/** The two hosts' ids of a fleet on PostgreSQL. */
export const PG_HOSTS = ['fleet-a', 'fleet-b']

export interface Fleet {
  /** The first host's sandbox (the stub hermes, the agent's files and the config repo live here too). */
  box: Sandbox
  project: string
  configRepo: string
  gitea: FakeGiteaProcess
  hermes: StubHermes
  /** The first host's serve (`hosts[0]`); `timmy` and `webhookUrl` are the first host's too. */
  serve: ServeProcess
  /** Every host: one on SQLite, two on PostgreSQL. */
  hosts: FleetHost[]
  /** Files the deadman check and restart commands use (the agent process stand-in). */
  agent: { deadFile: string; restartsLog: string }
  timmy<T = any>(
    args: string[],
    okCodes?: number[],
  ): Promise<{ code: number | null; value: T; stderr: string }>
  webhookUrl: string
  close(): Promise<void>
}

const LABELS = ['bug', 'security', 'refactor', 'docs', 'feature', 'triaged', 'approved', 'priority/high']

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'fleet',
      GIT_AUTHOR_EMAIL: 'fleet@example.com',
      GIT_COMMITTER_NAME: 'fleet',
      GIT_COMMITTER_EMAIL: 'fleet@example.com',
    },
  }).trim()
}

export function commitConfigChange(repo: string, file: string, edit: (text: string) => string): string {
  const path = join(repo, file)
  writeFileSync(path, edit(readFileSync(path, 'utf8')))
  git(repo, 'add', '-A')
  git(repo, 'commit', '--quiet', '-m', `change ${file}`)
  git(repo, 'push', '--quiet', 'origin', 'main')
  return git(repo, 'rev-parse', 'HEAD')
}

export async function setUpFleet(
  t: { after(fn: () => unknown): void },
  scripts: Record<string, AgentScript>,
  o: { store?: string } = {},
): Promise<Fleet> {
  const box = sandbox(t)
  const children: { stop(): Promise<void> }[] = []
  const close = async () => {
    for (const c of children.reverse()) await c.stop().catch(() => {})
    children.length = 0
  }
  try {
    const gitea = await startFakeGiteaProcess(box.env)
    children.push({ stop: () => stopChild(gitea.child) })
    await gitea.call('/repo', {
      repo: REPO,
      collaborators: ['coder', 'reviewer', 'ops', 'alice'],
      labels: LABELS,
    })
    await gitea.call('/repo', { repo: OPS_REPO, collaborators: ['ops'], labels: [] })
    await gitea.call('/repo', { repo: CONFIG_REPO, labels: [] })

    const hermes = installStubHermes(box.root, {
      giteaUrl: gitea.url,
      token: 'fleet-coder-token',
      control: gitea.control,
      scripts,
    })

    // The project: the shipped playbooks, lanes, config and skins. Time is compressed in config only:
    // the coder lane gets a model, and the nightly security audit runs twice a minute.
    const project = box.cwd
    cpSync(join(ROOT, 'playbooks'), join(project, 'playbooks'), { recursive: true })
    cpSync(join(ROOT, 'config'), join(project, 'config'), { recursive: true })
    cpSync(join(ROOT, 'skins'), join(project, 'skins'), { recursive: true })
    const lanes = join(project, 'playbooks', 'lanes.yaml')
    writeFileSync(
      lanes,
      readFileSync(lanes, 'utf8').replace(
        '    wizard: coder\n',
        `    wizard: coder\n    model: ${CODER_MODEL}\n    provider: ${CODER_PROVIDER}\n`,
      ),
    )
    const audit = join(project, 'playbooks', 'security-auditor.yaml')
    writeFileSync(audit, readFileSync(audit, 'utf8').replace('"0 3 * * *"', '"15,45 * * * * *"'))

    // The config repo that signed pushes deploy from, served over git:// on 127.0.0.1 (the deploy
    // webhook takes only https, ssh and git remotes from the operator's config).
    const served = await serveConfigRepo(t, box.root, 'fleet-config.git')
    const configRepo = served.author
    cpSync(join(ROOT, 'config'), join(configRepo, 'config'), { recursive: true })
    cpSync(join(ROOT, 'skins'), join(configRepo, 'skins'), { recursive: true })
    git(configRepo, 'remote', 'add', 'origin', served.bare)
    served.commit({}, 'fleet config')

    const agent = {
      deadFile: join(box.root, 'coder.dead'),
      restartsLog: join(box.root, 'coder-restarts.log'),
    }
    const configOf = (hostId: string | undefined, hostProject: string, stampDir: string) => ({
      ...(o.store ? { store: { url: o.store } } : {}),
      server: { port: 0 },
      log: { level: 'info' },
      pluginOptions: {
        gitea: { url: gitea.url, token: 'fleet-timmy-token', webhookSecret: SECRET, writesPerMinute: 0 },
        queue: {
          concurrency: 6,
          pollIntervalMs: 50,
          retries: 0,
          graceMs: 2000,
          periodic: [{ name: 'fleet-heartbeat', task: 'heartbeat', cron: '* * * * * *', catchUp: 'skip' }],
        },
        ...(hostId ? { hosts: { id: hostId, beatSeconds: 5 } } : {}),
        deploy: {
          source: hostProject,
          webhook: { enabled: true, repo: CONFIG_REPO, branch: 'main', remote: served.url, debounceMs: 100 },
        },
        // the operator's deploy policy, as the shipped timmy.config.ts has it (the overlay may only narrow it)
        policy: {
          allowedBaseUrls: ['https://openrouter.ai/api/v1', 'https://inference-api.nousresearch.com/v1'],
        },
        dispatch: { mode: 'hermes', hermesBin: 'hermes', timeoutMs: 3000 },
        triage: {
          repos: [REPO],
          confirm: true,
          schedule: { sweep: '*/3 * * * * *', orphans: '0 0 0 1 1 *' },
          stale: { enabled: false },
          orphans: { enabled: false },
        },
        budget: {
          enforceSchedule: '*/2 * * * * *',
          budgets: [
            {
              name: 'bug-fixer',
              scope: 'pipeline',
              match: 'bug-fixer',
              window: 'daily',
              tokens: BUG_FIXER_CAP,
            },
            { name: 'coder-lane', scope: 'lane', match: 'coder', window: 'daily', tokens: 50_000_000 },
            { name: 'reviewer-lane', scope: 'lane', match: 'reviewer', window: 'daily', tokens: 50_000_000 },
            { name: 'fleet', scope: 'global', window: 'daily', tokens: 100_000_000 },
          ],
        },
        deadman: {
          dryRun: false,
          wizards: {
            coder: {
              check: ['/bin/sh', '-c', `test ! -e '${agent.deadFile}'`],
              restart: ['/bin/sh', '-c', `echo restart >> '${agent.restartsLog}'`],
            },
          },
          periodSeconds: 1,
          graceSeconds: 1,
          startGraceSeconds: 1,
          maxRetries: MAX_RETRIES,
          windowSeconds: 3600,
          healthyResetSeconds: 3600,
          backoff: { baseSeconds: 1, factor: 1, capSeconds: 1 },
          rollback: { enabled: true, afterRestarts: 1 },
          alert: { repo: OPS_REPO },
          stampDir,
        },
      },
    })
    const hosts: FleetHost[] = []
    for (const hostId of o.store ? PG_HOSTS : [undefined]) {
      const hostBox = hosts.length === 0 ? box : sandbox(t)
      const hostProject = hostBox.cwd
      if (hostProject !== project)
        for (const dir of ['playbooks', 'config', 'skins'])
          cpSync(join(project, dir), join(hostProject, dir), { recursive: true })
      const config = configOf(hostId, hostProject, hostBox.root)
      writeFileSync(join(hostProject, 'timmy.config.json'), JSON.stringify(config, null, 2))
      const env: NodeJS.ProcessEnv = { ...hostBox.env, PATH: `${hermes.bin}:${process.env.PATH ?? ''}` }
      const timmy = <T = any>(args: string[], okCodes?: number[]) =>
        timmyJson<T>(args, { cwd: hostProject, env, ...(okCodes ? { okCodes } : {}) })

      // Generation 1, deployed by hand before the day starts.
      await timmy(['deploy'])
      const serve = await startServe({ cwd: hostProject, env, logFile: join(hostBox.root, 'serve.log') })
      children.push({ stop: () => stopChild(serve.child, 15_000) })
      const webhookUrl = `${serve.url}/hooks/gitea`
      hosts.push({ id: hostId, box: hostBox, project: hostProject, serve, webhookUrl, timmy })
    }
    const urls = hosts.map((h) => h.webhookUrl)
    await gitea.call(
      '/webhook',
      urls.length === 1
        ? { url: urls[0], secret: SECRET, repos: [REPO] }
        : { urls, secret: SECRET, repos: [REPO] },
    )
    const first = hosts[0]!
    return {
      box,
      project,
      configRepo,
      gitea,
      hermes,
      serve: first.serve,
      hosts,
      agent,
      timmy: first.timmy,
      webhookUrl: first.webhookUrl,
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}
