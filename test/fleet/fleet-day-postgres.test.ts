/**
 * The rehearsal on two hosts (`npm run test:fleet`): the working day of fleet-day.test.ts, with two
 * `timmy serve` (`fleet-a`, `fleet-b`, each its own TIMMY_HOME, HERMES_HOME and project folder) on one
 * PostgreSQL server (`store.url`): queue, budgets, deadman, deliveries, orchestrator lease and run
 * records are shared. The fake Gitea delivers webhooks to each host in turn. Each part asserts its
 * fact fleet-wide: an issue is dispatched once, the ledger equals the usage of both hosts' agents, a
 * job runs once, every host sees every host. Skipped without PostgreSQL binaries or TIMMY_TEST_PG_URL.
 */
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startPostgres, type TestPg } from '../helpers/postgres.js'
import { brokenSeams, issue, playbookJobs, pullFor, type QueueJob, runsFor, tokensOf } from './fleet-facts.js'
import { jobsRunTwice } from './pg-facts.js'
import {
  BUG_FIXER_CAP,
  CODER_MODEL,
  CODER_PROVIDER,
  CONFIG_REPO,
  commitConfigChange,
  type Fleet,
  type FleetHost,
  MAX_RETRIES,
  OPS_REPO,
  PG_HOSTS,
  REPO,
  SECRET,
  setUpFleet,
} from './set-up-fleet.js'
import { sendWebhook } from './sign-webhook.js'
import { waitFor } from './start-processes.js'
import type { AgentScript } from './stub-hermes.js'

const SCRIPTS: Record<string, AgentScript> = {
  fix: { name: 'fix-with-pr', pr: {}, tokens: { input: 40_000, output: 8_000, cacheRead: 2_000 } },
  banned: {
    name: 'banned-provider-pr',
    pr: { body: 'Switched the login client to anthropic claude for better answers.' },
    tokens: { input: 30_000, output: 5_000 },
  },
  big: { name: 'big-spender', pr: {}, tokens: { input: 700_000, output: 100_000 } },
  late: { name: 'after-reset', pr: {}, tokens: { input: 10_000, output: 1_000 } },
  raises: { name: 'agent-raises', exit: 1, tokens: { input: 3_000, output: 500 } },
  hangs: { name: 'hangs', hang: true },
}
const AUDIT: AgentScript = { name: 'audit', tokens: { input: 1_000, output: 200 } }
const CODER_TOOLSETS = ['terminal', 'file', 'web']
/** The bugs: each is dispatched exactly once fleet-wide (the refactor runs a plan and its execution). */
const BUGS = ['fix', 'banned', 'raises']

/** `config/inventory.yaml` of the config repo: both hosts, the coder lane's provider. */
const INVENTORY = `hosts:
${PG_HOSTS.map(
  (id) => `  ${id}:
    wizard: coder
    role: coder
    providers:
      - name: ${CODER_PROVIDER}
        model: "nousresearch/hermes-4-405b"
        base_url: https://openrouter.ai/api/v1
        key_env: OPENROUTER_API_KEY
    banned_providers: [anthropic]
`,
).join('')}rollout:
  serial: 1
  stop_on_failure: true
`

const pg = await startPostgres()
const skip = 'skip' in pg ? pg.skip : false

describe('a working day of a fleet of two hosts on PostgreSQL', { timeout: 240_000, skip }, () => {
  let fleet: Fleet
  const db = pg as TestPg
  const numbers: Record<string, number> = {}
  const hostA = () => fleet.hosts[0]!
  const hostB = () => fleet.hosts[1]!
  const open = async (key: string, title: string, body: string) => {
    const r = (await fleet.gitea.call('/issue', { repo: REPO, title, body })) as { number: number }
    numbers[key] = r.number
    fleet.hermes.script(r.number, SCRIPTS[key]!)
    return r.number
  }
  // Reads go to either host in turn: each must see the shared state.
  let reads = 0
  const anyHost = () => fleet.hosts[reads++ % fleet.hosts.length]!
  const jobs = async (on: FleetHost = anyHost()): Promise<QueueJob[]> =>
    (await on.timmy<{ jobs: QueueJob[] }>(['tasks', 'list', '--limit', '1000'])).value.jobs
  const budget = async (name: string, on: FleetHost = anyHost()) => {
    const v = (await on.timmy<any>(['budget', 'status'])).value
    const list = Array.isArray(v) ? v : v.budgets
    return list.find((b: { name: string }) => b.name === name) as { spentTokens: number; paused: boolean }
  }
  const gitea = (path: string, token: string, body: unknown) =>
    fetch(`${fleet.gitea.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `token ${token}` },
      body: JSON.stringify(body),
    })
  /** The host whose deadman owns the coder wizard (the first to watch it), and its row. */
  const coderOn = async (on: FleetHost = anyHost()) => {
    const w = (await on.timmy(['deadman', 'status'])).value.wizards.find(
      (x: { wizard: string }) => x.wizard === 'coder',
    )
    return w as { host?: string; state: string; active: boolean; restartsInWindow: number }
  }
  const hostById = (id: string | undefined) => {
    const h = fleet.hosts.find((x) => x.id === id)
    if (!h) throw new Error(`no host ${id} in the fleet`)
    return h
  }

  const cleanups: (() => unknown)[] = []
  before(async () => {
    fleet = await setUpFleet({ after: (fn) => cleanups.push(fn) }, { default: AUDIT }, { store: db.url })
  })
  after(async () => {
    await fleet?.close()
    // FLEET_LOG=<file> keeps both serves' logs of the day (<file>.fleet-a, <file>.fleet-b).
    if (fleet && process.env.FLEET_LOG)
      for (const h of fleet.hosts) copyFileSync(h.serve.logFile, `${process.env.FLEET_LOG}.${h.id}`)
    for (const fn of cleanups.reverse()) await fn()
    if (!('skip' in pg)) await pg.stop()
  })

  it('shows both hosts, live, in timmy status on either host', async () => {
    for (const h of fleet.hosts) {
      const v = (await h.timmy(['status'], [0, 1])).value
      assert.equal(v.hosts?.backend, 'postgres', `status on ${h.id}: ${JSON.stringify(v.hosts)}`)
      const live = (v.hosts.hosts as { id: string; state: string }[])
        .filter((x) => x.state === 'live')
        .map((x) => x.id)
        .sort()
      assert.deepEqual(live, [...PG_HOSTS].sort(), `live hosts seen from ${h.id}`)
    }
  })

  it('triages each new issue once, whichever host its webhook reaches', async () => {
    await open('fix', 'Widget list crashes with a 500', 'GET /widgets answers 500 since yesterday.')
    await open('banned', 'Login fails on an empty password', 'The form submits and nothing happens.')
    await open('raises', 'Search fails on unicode input', 'Searching for "é" returns nothing.')
    await open('hangs', 'Refactor the widget cache', 'Split the cache module into smaller parts.')
    for (const key of BUGS)
      await waitFor(`triage of #${numbers[key]}`, async () => {
        const i = issue(await fleet.gitea.state(), REPO, numbers[key]!)
        return (
          i.labels.includes('bug') &&
          i.comments.some((c) => c.body.includes('Triaged as **bug**; routed to the coder lane.'))
        )
      })
    await waitFor('triage of the refactor issue', async () =>
      issue(await fleet.gitea.state(), REPO, numbers.hangs!).labels.includes('refactor'),
    )
    await waitFor(
      'the coder lane’s agent assigned to each bug',
      async () => {
        const s = await fleet.gitea.state()
        return BUGS.every((k) => issue(s, REPO, numbers[k]!).assignees.includes('coder'))
      },
      20_000,
    )
    const s = await fleet.gitea.state()
    // The issues' opening deliveries went to both hosts, and both answered them.
    const opened = s.deliveries.filter((d) => d.event === 'issues' && d.action === 'opened')
    assert.deepEqual(
      [...new Set(opened.map((d) => d.url))].sort(),
      fleet.hosts.map((h) => h.webhookUrl).sort(),
      'the deliveries did not reach both hosts',
    )
    assert.deepEqual(
      opened.filter((d) => d.status < 200 || d.status > 299),
      [],
      'a host refused a delivery',
    )
    // Triaged once: one triage comment per issue, though two hosts could have handled it.
    for (const key of [...BUGS, 'hangs']) {
      const i = issue(s, REPO, numbers[key]!)
      const triaged = i.comments.filter((c) => c.body.includes('Triaged as'))
      assert.equal(triaged.length, 1, `triage comments on #${i.number}: ${JSON.stringify(i.comments)}`)
    }
  })

  it('dispatches each bug once fleet-wide, with its lane’s model, provider, toolsets and Hermes profile', async () => {
    await waitFor('an agent run for each bug and the refactor', () =>
      [...BUGS, 'hangs'].every((k) => runsFor(fleet.hermes.runs(), numbers[k]!).length > 0),
    )
    const rejected = fleet.hermes.runs().filter((r) => r.rejected)
    assert.deepEqual(rejected, [], 'hermes was called with flags it does not accept')
    const homes = fleet.hosts.flatMap((h) => [h.box.hermes])
    for (const k of [...BUGS, 'hangs'])
      for (const run of runsFor(fleet.hermes.runs(), numbers[k]!)) {
        assert.equal(run.model, CODER_MODEL, `model of the run for #${run.issue}`)
        assert.equal(run.provider, CODER_PROVIDER, `provider of the run for #${run.issue}`)
        assert.equal(run.profile, 'coder', `Hermes profile of the run for #${run.issue}`)
        assert.ok(run.toolsets?.length, `toolsets of the run for #${run.issue}`)
        for (const ts of run.toolsets!)
          assert.ok(CODER_TOOLSETS.includes(ts), `toolset ${ts} is not the coder lane's`)
        // The HERMES_HOME of the host that ran it (or its profile's home).
        assert.ok(
          homes.some((h) => [h, join(h, 'profiles', run.profile ?? '')].includes(run.hermesHome ?? '')),
          `HERMES_HOME of the run for #${run.issue}: ${run.hermesHome}`,
        )
      }
    // Each bug once: a second host must not dispatch an issue the first one already did.
    for (const k of BUGS)
      assert.equal(
        runsFor(fleet.hermes.runs(), numbers[k]!).length,
        1,
        `runs for #${numbers[k]}: ${JSON.stringify(runsFor(fleet.hermes.runs(), numbers[k]!).map((r) => r.hermesHome))}`,
      )
    await waitFor('a security audit run', () => fleet.hermes.runs().some((r) => /^Audit/.test(r.prompt)))
    for (const run of fleet.hermes.runs().filter((r) => /^Audit/.test(r.prompt))) {
      assert.equal(run.profile, 'reviewer', 'Hermes profile of an audit run')
      for (const ts of run.toolsets ?? [])
        assert.ok(['file', 'web'].includes(ts), `toolset ${ts} is not the reviewer lane's`)
    }
  })

  it('records each agent’s spend, on whichever host it ran, on the shared pipeline and lane budgets', async () => {
    const spent = () => {
      const u = fleet.hermes.usages()
      const sum = (re: RegExp) =>
        u.filter((x) => re.test(x.prompt)).reduce((n, x) => n + tokensOf(x.usage), 0)
      return {
        bugFixer: sum(/^Fix issue/),
        coder: sum(/^(Fix issue|Plan a behaviour-preserving refactor|Carry out this plan)/),
        reviewer: sum(/^Audit/),
      }
    }
    assert.ok(spent().bugFixer > 0, 'the stub recorded no spend of bug-fixer runs')
    for (const h of fleet.hosts)
      await waitFor(
        `the budgets seen from ${h.id} to hold the agents’ spend of both hosts`,
        async () => {
          const want = spent()
          const [bf, coder, reviewer] = [
            await budget('bug-fixer', h),
            await budget('coder-lane', h),
            await budget('reviewer-lane', h),
          ]
          if (
            bf.spentTokens === want.bugFixer &&
            coder.spentTokens === want.coder &&
            reviewer.spentTokens === want.reviewer
          )
            return true
          throw new Error(
            `budgets hold bug-fixer ${bf.spentTokens}, coder ${coder.spentTokens}, reviewer ${reviewer.spentTokens}; the stub spent ${JSON.stringify(want)}`,
          )
        },
        20_000,
      )
  })

  it('does not dispatch an issue again, on either host, while a pull request for it is open', async () => {
    const n = numbers.fix!
    await waitFor('the PR for the first bug', async () => pullFor(await fleet.gitea.state(), REPO, n))
    assert.equal(runsFor(fleet.hermes.runs(), n).length, 1)
    for (const h of fleet.hosts) {
      const byHand = await h.timmy<{ skipped?: string }>(['dispatch', REPO, String(n), '--apply'], [0, 1])
      assert.match(
        byHand.value.skipped ?? '',
        /PR #\d+|pull request/i,
        `timmy dispatch on ${h.id} ran the agent again`,
      )
    }
    const before = playbookJobs(await jobs(), 'bug-fixer', n).length
    const res = await gitea(`/repos/${REPO}/issues/${n}/labels`, 'fleet-human-token', { labels: ['bug'] })
    assert.equal(res.status, 200)
    await waitFor('the new bug-fixer run for the relabelled issue to finish', async () => {
      const js = playbookJobs(await jobs(), 'bug-fixer', n)
      return js.length > before && js.every((j) => j.state === 'done' || j.state === 'failed')
    })
    assert.equal(runsFor(fleet.hermes.runs(), n).length, 1, 'the agent was dispatched again')
  })

  it('merges an approved PR whose checks pass, and refuses one that names a banned provider, with a comment', async () => {
    const s0 = await waitFor('both PRs', async () => {
      const s = await fleet.gitea.state()
      return pullFor(s, REPO, numbers.fix!) && pullFor(s, REPO, numbers.banned!) ? s : undefined
    })
    for (const key of ['fix', 'banned']) {
      const pr = pullFor(s0, REPO, numbers[key]!)!
      await gitea(`/repos/${REPO}/statuses/${pr.pull!.headSha}`, 'fleet-timmy-token', {
        state: 'success',
        context: 'ci/test',
        description: 'all green',
      })
      const labelled = await gitea(`/repos/${REPO}/issues/${pr.number}/labels`, 'fleet-reviewer-token', {
        labels: ['approved'],
      })
      assert.equal(labelled.status, 200)
      await fleet.gitea.call('/review', { repo: REPO, number: pr.number, user: 'reviewer' })
    }
    const good = pullFor(s0, REPO, numbers.fix!)!.number
    const bad = pullFor(s0, REPO, numbers.banned!)!.number
    await waitFor(
      'the approved PR to be merged',
      async () => issue(await fleet.gitea.state(), REPO, good).pull!.merged,
    )
    const refused = await waitFor('a comment on the PR that names a banned provider', async () => {
      const i = issue(await fleet.gitea.state(), REPO, bad)
      return i.comments.find((c) => /anthropic|banned/i.test(c.body)) ? i : undefined
    })
    assert.equal(refused.pull!.merged, false)
    assert.equal(refused.state, 'open')
  })

  it('vetoes dispatch on both hosts when the shared pipeline budget runs out; the queued run resumes after a reset on the other host', async () => {
    const big = await open(
      'big',
      'Export crashes on large files',
      'Exporting 2 GB fails with an out-of-memory error.',
    )
    await waitFor('the big spender’s run', () => runsFor(fleet.hermes.runs(), big).length > 0)
    for (const h of fleet.hosts)
      await waitFor(`the bug-fixer budget, seen from ${h.id}, exhausted and paused`, async () => {
        const b = await budget('bug-fixer', h)
        return b.spentTokens >= BUG_FIXER_CAP && b.paused
      })
    const late = await open('late', 'Settings page throws an error', 'Saving settings shows an error banner.')
    await waitFor('triage of the issue opened after the budget ran out', async () =>
      issue(await fleet.gitea.state(), REPO, late).labels.includes('bug'),
    )
    await waitFor('its bug-fixer run waiting in the queue', async () =>
      playbookJobs(await jobs(), 'bug-fixer', late).some((j) => j.state === 'queued' && j.waiting),
    )
    const enforced = (js: QueueJob[]) =>
      js.filter((j) => j.task === 'budget.enforce' && j.state === 'done').length
    const mark = enforced(await jobs())
    await waitFor('two more enforcer runs', async () => enforced(await jobs()) >= mark + 2)
    const waiting = playbookJobs(await jobs(), 'bug-fixer', late).find(
      (j) => j.state === 'queued' && j.waiting,
    )
    assert.match(
      waiting?.waiting?.reason ?? '',
      /bug-fixer/,
      'the waiting run does not say which budget holds it',
    )
    assert.equal(runsFor(fleet.hermes.runs(), late).length, 0, 'an agent ran on an exhausted budget')
    // The reset is made on the second host; the run may resume on either.
    await hostB().timmy(['budget', 'reset', 'bug-fixer', '--reason', 'rehearsal: new window'])
    await waitFor(
      'the waiting run to resume and dispatch its agent',
      () => runsFor(fleet.hermes.runs(), late).length > 0,
    )
    assert.equal(runsFor(fleet.hermes.runs(), big).length, 1, 'the big spender was dispatched twice')
  })

  it('rolls a signed push to the config repo out to both hosts, one at a time', async () => {
    writeFileSync(join(fleet.configRepo, 'config', 'inventory.yaml'), INVENTORY)
    const sha = commitConfigChange(fleet.configRepo, 'config/config.yaml', (t) =>
      t.replace('max_turns: 60', 'max_turns: 40'),
    )
    // The push reaches the second host; the rollout deploys both.
    const status = await sendWebhook(hostB().webhookUrl, SECRET, 'push', 'push', {
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      compare_url: '',
      commits: [
        {
          id: sha,
          message: 'change config',
          url: '',
          added: ['config/inventory.yaml'],
          removed: [],
          modified: ['config/config.yaml'],
        },
      ],
      total_commits: 1,
      repository: {
        id: 9,
        name: 'fleet-config',
        full_name: CONFIG_REPO,
        clone_url: fleet.configRepo,
        default_branch: 'main',
      },
      pusher: { id: 7, login: 'alice' },
      sender: { id: 7, login: 'alice' },
    })
    assert.ok(status >= 200 && status < 300, `push delivery answered ${status}`)
    for (const h of fleet.hosts) {
      const gens = await waitFor(
        `generation 2, live on ${h.id}, from the pushed commit`,
        async () => {
          const v = (await h.timmy(['generations'])).value
          return v.live === 2 ? v : undefined
        },
        60_000,
      )
      const g2 = gens.generations.find((g: { generation: number }) => g.generation === 2)
      assert.equal(g2.commit, sha, `commit of generation 2 on ${h.id}`)
      assert.match(readFileSync(join(h.box.hermes, 'config.yaml'), 'utf8'), /max_turns: 40/)
    }
    const rollout = await waitFor('the rollout done on both hosts', async () => {
      const r = await hostA().timmy(['fleet', 'status'], [0, 1])
      const cur = r.value.current ?? r.value.rollout ?? r.value
      return cur?.state === 'done' ? cur : undefined
    })
    assert.deepEqual(
      (rollout.hosts as { host?: string; id?: string; state: string }[]).map((h) => [
        h.host ?? h.id,
        h.state,
      ]),
      PG_HOSTS.map((id) => [id, 'done']),
    )
  })

  it('restarts a dead agent at most maxRetries times fleet-wide, opens one alert issue and rolls its host back once', async () => {
    const owner = await waitFor('the coder agent to be up', async () => {
      const w = await coderOn()
      return w.state === 'up' ? w : undefined
    })
    assert.ok(owner.host && PG_HOSTS.includes(owner.host), `coder's host: ${JSON.stringify(owner)}`)
    const home = hostById(owner.host)
    writeFileSync(fleet.agent.deadFile, 'dead\n')
    const restarts = () =>
      existsSync(fleet.agent.restartsLog)
        ? readFileSync(fleet.agent.restartsLog, 'utf8').split('\n').filter(Boolean).length
        : 0
    const st = await waitFor(
      'deadman to give up and alert',
      async () => {
        const w = await coderOn()
        return w.active ? w : undefined
      },
      60_000,
    )
    assert.equal(st.host, owner.host, 'another host took the coder wizard over')
    assert.equal(st.restartsInWindow, MAX_RETRIES)
    assert.equal(restarts(), MAX_RETRIES, 'both hosts restarted the agent')
    const alerts = async () => (await fleet.gitea.state()).repos[OPS_REPO]!.issues.filter((i) => !i.pull)
    await waitFor('the alert issue in Gitea', async () => (await alerts()).length === 1)
    const gens = (await home.timmy(['generations'])).value
    assert.equal(gens.live, 1, `deadman did not roll ${home.id} back to the last known-good generation`)
    const beats = async () =>
      (await jobs()).filter((j) => j.task === 'heartbeat' && j.state === 'done').length
    const mark = await beats()
    await waitFor('three more heartbeats', async () => (await beats()) >= mark + 3)
    assert.equal(restarts(), MAX_RETRIES)
    assert.equal((await alerts()).length, 1)
    const later = (await home.timmy(['generations'])).value
    assert.equal(later.live, 1)
    assert.equal(later.generations.length, gens.generations.length)
  })

  it('reports a changed cron schedule as drift in timmy freshness on the host whose file changed', async () => {
    const cron = join(hostA().project, 'config', 'cron.yaml')
    writeFileSync(cron, readFileSync(cron, 'utf8').replace('"0 8 * * 1-5"', '"30 9 * * 1-5"'))
    const r = await hostA().timmy(['freshness'], [1])
    const drift = r.value.drift.find((d: { kind: string; id: string }) => d.kind === 'schedule')
    assert.ok(drift, `no schedule drift in ${JSON.stringify(r.value)}`)
    assert.match(drift.id, /morning-triage/)
    assert.match(drift.detail, /30 9 \* \* 1-5/)
    assert.match(drift.detail, /0 8 \* \* 1-5/)
    assert.ok(r.value.checked.playbookSchedules >= 1)
  })

  it('ends the day with Gitea holding the labels, comments, merged and unmerged PRs and one alert issue', async () => {
    const s = await fleet.gitea.state()
    const fixed = issue(s, REPO, numbers.fix!)
    const seen = JSON.stringify(fixed)
    assert.ok(fixed.labels.includes('bug'), `no bug label: ${seen}`)
    assert.ok(fixed.assignees.includes('coder'), `not assigned to coder: ${seen}`)
    assert.equal(
      fixed.comments.filter((c) => /coder lane worked on this/.test(c.body)).length,
      1,
      `not one report comment: ${seen}`,
    )
    const raises = issue(s, REPO, numbers.raises!)
    assert.ok(
      !raises.comments.some((c) => /worked on this/.test(c.body)),
      `a failed agent run was reported as work done: ${JSON.stringify(raises)}`,
    )
    assert.equal(pullFor(s, REPO, numbers.fix!)?.pull?.merged, true, 'the approved PR is not merged')
    assert.equal(pullFor(s, REPO, numbers.banned!)?.pull?.merged, false)
    const alerts = s.repos[OPS_REPO]!.issues.filter((i) => !i.pull)
    assert.equal(alerts.length, 1)
    assert.match(`${alerts[0]!.title}\n${alerts[0]!.body}`, /coder/)
  })

  it('ends the day with one ledger, seen from either host, equal to both hosts’ agents’ usage files', async () => {
    for (const h of fleet.hosts) {
      let seen = ''
      await waitFor(
        `the ledger seen from ${h.id} to equal the agents’ usage files`,
        async () => {
          const report = (await h.timmy(['budget', 'report', '--by', 'model'])).value
          const usages = fleet.hermes.usages()
          const ledger = report.rows.reduce((n: number, r: { total_tokens: number }) => n + r.total_tokens, 0)
          const records = report.rows.reduce((n: number, r: { records: number }) => n + r.records, 0)
          const files = usages.reduce((n, u) => n + tokensOf(u.usage), 0)
          seen = `ledger ${ledger} tokens in ${records} records, usage files ${files} tokens in ${usages.length} runs`
          return ledger === files && records === usages.length
        },
        20_000,
        500,
      ).catch((err: Error) => assert.fail(`${err.message}: ${seen}`))
    }
  })

  it('ends the day with one queue on both hosts, every job run once, and every playbook run finished', async () => {
    assert.deepEqual(await jobsRunTwice(db.url), [], 'a job ran more often than its retries allow')
    const [a, b] = [await jobs(hostA()), await jobs(hostB())]
    const ids = (js: QueueJob[]) => js.map((j) => j.id).sort((x, y) => x - y)
    const shared = ids(a).filter((id) => ids(b).includes(id))
    assert.ok(shared.length > 0 && a.length > 0, 'the two hosts do not list one queue')
    assert.deepEqual(
      b
        .filter((j) => j.task.startsWith('playbooks.run') && (j.state === 'queued' || j.state === 'running'))
        .map((j) => j.id),
      [],
    )
    assert.deepEqual(
      b.filter((j) => j.task === 'work-item' && j.state === 'failed').map((j) => j.error),
      [],
    )
    const dm = (await hostB().timmy(['deadman', 'status'])).value
    assert.equal(dm.dryRun, false)
    assert.equal(dm.wizards.find((w: { wizard: string }) => w.wizard === 'coder').active, true)
  })

  it('ends the day with both hosts in timmy status on either host, and no failed hook in either serve’s log', async () => {
    for (const h of fleet.hosts) {
      const v = (await h.timmy(['status'], [0, 1])).value
      assert.deepEqual(
        (v.hosts.hosts as { id: string }[]).map((x) => x.id).sort(),
        [...PG_HOSTS].sort(),
        `hosts seen from ${h.id}`,
      )
    }
    for (const h of fleet.hosts) assert.deepEqual(brokenSeams(h.serve.log()), [], `serve's log on ${h.id}`)
  })
})
