/**
 * The rehearsal (`npm run test:fleet`): a working day of a small fleet with real processes and no
 * stand-in for any part of timmy — `timmy serve` with every built-in plugin and the shipped playbooks,
 * lanes and config; the fake Gitea as its own process (it delivers signed webhooks as Gitea does);
 * a stub `hermes` on PATH. Each part of the day is one subtest; they run in order on one fleet.
 */
import assert from 'node:assert/strict'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { brokenSeams, issue, playbookJobs, pullFor, type QueueJob, runsFor, tokensOf } from './fleet-facts.js'
import {
  BUG_FIXER_CAP,
  CODER_MODEL,
  CODER_PROVIDER,
  CONFIG_REPO,
  commitConfigChange,
  type Fleet,
  MAX_RETRIES,
  OPS_REPO,
  REPO,
  SECRET,
  setUpFleet,
} from './set-up-fleet.js'
import { sendWebhook } from './sign-webhook.js'
import { waitFor } from './start-processes.js'
import type { AgentScript } from './stub-hermes.js'

/** What each agent does, by the issue it is dispatched on (keys of `open`); runs with no issue audit. */
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

describe('a working day of the fleet', { timeout: 180_000 }, () => {
  let fleet: Fleet
  const numbers: Record<string, number> = {}
  const open = async (key: string, title: string, body: string) => {
    const r = (await fleet.gitea.call('/issue', { repo: REPO, title, body })) as { number: number }
    numbers[key] = r.number
    fleet.hermes.script(r.number, SCRIPTS[key]!)
    return r.number
  }
  const jobs = async (): Promise<QueueJob[]> =>
    (await fleet.timmy<{ jobs: QueueJob[] }>(['tasks', 'list', '--limit', '1000'])).value.jobs
  const budgets = async () =>
    (
      await fleet.timmy<{ spentTokens: number; name: string; paused: boolean }[] | { budgets: any[] }>([
        'budget',
        'status',
      ])
    ).value
  const budget = async (name: string) => {
    const v = await budgets()
    const list = Array.isArray(v) ? v : v.budgets
    return list.find((b: { name: string }) => b.name === name) as { spentTokens: number; paused: boolean }
  }
  const gitea = (path: string, token: string, body: unknown) =>
    fetch(`${fleet.gitea.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `token ${token}` },
      body: JSON.stringify(body),
    })

  const cleanups: (() => unknown)[] = []
  before(async () => {
    fleet = await setUpFleet({ after: (fn) => cleanups.push(fn) }, { default: AUDIT })
  })
  after(async () => {
    await fleet?.close()
    // FLEET_LOG=<file> keeps serve's log of the day (the temp folders are removed).
    if (fleet && process.env.FLEET_LOG) copyFileSync(fleet.serve.logFile, process.env.FLEET_LOG)
    for (const fn of cleanups.reverse()) await fn()
  })

  it('triages each new issue: labels it, says which lane it goes to, and assigns that lane’s agent', async () => {
    await open('fix', 'Widget list crashes with a 500', 'GET /widgets answers 500 since yesterday.')
    await open('banned', 'Login fails on an empty password', 'The form submits and nothing happens.')
    await open('raises', 'Search fails on unicode input', 'Searching for "é" returns nothing.')
    await open('hangs', 'Refactor the widget cache', 'Split the cache module into smaller parts.')
    for (const key of ['fix', 'banned', 'raises'])
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
        return ['fix', 'banned', 'raises'].every((k) =>
          issue(s, REPO, numbers[k]!).assignees.includes('coder'),
        )
      },
      20_000,
    )
  })

  it('dispatches agents with their lane’s model, provider, toolsets and Hermes profile', async () => {
    await waitFor('an agent run for each bug and the refactor', () =>
      ['fix', 'banned', 'raises', 'hangs'].every((k) => runsFor(fleet.hermes.runs(), numbers[k]!).length > 0),
    )
    const rejected = fleet.hermes.runs().filter((r) => r.rejected)
    assert.deepEqual(rejected, [], 'hermes was called with flags it does not accept')
    for (const k of ['fix', 'banned', 'raises', 'hangs'])
      for (const run of runsFor(fleet.hermes.runs(), numbers[k]!)) {
        assert.equal(run.model, CODER_MODEL, `model of the run for #${run.issue}`)
        assert.equal(run.provider, CODER_PROVIDER, `provider of the run for #${run.issue}`)
        assert.equal(run.profile, 'coder', `Hermes profile of the run for #${run.issue}`)
        assert.ok(run.toolsets?.length, `toolsets of the run for #${run.issue}`)
        for (const ts of run.toolsets!)
          assert.ok(CODER_TOOLSETS.includes(ts), `toolset ${ts} is not the coder lane's`)
        // With a profile, HERMES_HOME is the profile's home (FORMATS.md §0, Profiles).
        assert.ok(
          [fleet.box.hermes, join(fleet.box.hermes, 'profiles', run.profile ?? '')].includes(
            run.hermesHome ?? '',
          ),
          `HERMES_HOME of the run for #${run.issue}: ${run.hermesHome}`,
        )
      }
    // The nightly audit (every 30 s here) runs in the reviewer lane.
    await waitFor('a security audit run', () => fleet.hermes.runs().some((r) => /^Audit/.test(r.prompt)))
    for (const run of fleet.hermes.runs().filter((r) => /^Audit/.test(r.prompt))) {
      assert.equal(run.profile, 'reviewer', 'Hermes profile of an audit run')
      for (const ts of run.toolsets ?? [])
        assert.ok(['file', 'web'].includes(ts), `toolset ${ts} is not the reviewer lane's`)
    }
  })

  it('records each agent’s spend on the right pipeline and lane budgets', async () => {
    // Which playbook ran an agent shows in its prompt (bug-fixer: "Fix issue", refactor-specialist:
    // "Plan a behaviour-preserving refactor" / "Carry out this plan", security-auditor: "Audit").
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
    await waitFor(
      'the bug-fixer pipeline and lane budgets to hold the agents’ spend',
      async () => {
        const want = spent()
        const [bf, coder, reviewer] = [
          await budget('bug-fixer'),
          await budget('coder-lane'),
          await budget('reviewer-lane'),
        ]
        return bf.spentTokens === want.bugFixer &&
          coder.spentTokens === want.coder &&
          reviewer.spentTokens === want.reviewer
          ? true
          : (() => {
              throw new Error(
                `budgets hold bug-fixer ${bf.spentTokens}, coder ${coder.spentTokens}, reviewer ${reviewer.spentTokens}; the stub spent ${JSON.stringify(want)}`,
              )
            })()
      },
      20_000,
    )
  })

  it('does not dispatch an issue again while a pull request for it is open', async () => {
    const n = numbers.fix!
    await waitFor('the PR for the first bug', async () => pullFor(await fleet.gitea.state(), REPO, n))
    assert.equal(runsFor(fleet.hermes.runs(), n).length, 1)
    // By hand: `timmy dispatch` in its own process.
    const byHand = await fleet.timmy<{ skipped?: string }>(['dispatch', REPO, String(n), '--apply'], [0, 1])
    assert.match(byHand.value.skipped ?? '', /PR #\d+|pull request/i, 'timmy dispatch ran the agent again')
    // By webhook: a human labels the issue again; the bug-fixer playbook runs and must skip the agent.
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
      // Checks pass (a commit status, where the fake Gitea offers the endpoint), then a reviewer approves.
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

  it('vetoes dispatch when the pipeline budget runs out; its queued runs wait, then resume when the window resets', async () => {
    const big = await open(
      'big',
      'Export crashes on large files',
      'Exporting 2 GB fails with an out-of-memory error.',
    )
    await waitFor('the big spender’s run', () => runsFor(fleet.hermes.runs(), big).length > 0)
    await waitFor('the bug-fixer budget to be exhausted and paused', async () => {
      const b = await budget('bug-fixer')
      return b.spentTokens >= BUG_FIXER_CAP && b.paused
    })
    const late = await open('late', 'Settings page throws an error', 'Saving settings shows an error banner.')
    await waitFor('triage of the issue opened after the budget ran out', async () =>
      issue(await fleet.gitea.state(), REPO, late).labels.includes('bug'),
    )
    await waitFor('its bug-fixer run waiting in the queue', async () =>
      playbookJobs(await jobs(), 'bug-fixer', late).some((j) => j.state === 'queued' && j.waiting),
    )
    // It keeps waiting while the enforcer runs again.
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
    // The window resets (an audited reset of the current window, from another process).
    await fleet.timmy(['budget', 'reset', 'bug-fixer', '--reason', 'rehearsal: new window'])
    await waitFor(
      'the waiting run to resume and dispatch its agent',
      () => runsFor(fleet.hermes.runs(), late).length > 0,
    )
  })

  it('deploys a new generation from a signed push to the config repo', async () => {
    const sha = commitConfigChange(fleet.configRepo, 'config/config.yaml', (t) =>
      t.replace('max_turns: 60', 'max_turns: 40'),
    )
    const status = await sendWebhook(fleet.webhookUrl, SECRET, 'push', 'push', {
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      compare_url: '',
      commits: [
        {
          id: sha,
          message: 'change config',
          url: '',
          added: [],
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
    const gens = await waitFor('generation 2, live, from the pushed commit', async () => {
      const v = (await fleet.timmy(['generations'])).value
      return v.live === 2 ? v : undefined
    })
    const g2 = gens.generations.find((g: { generation: number }) => g.generation === 2)
    assert.equal(g2.commit, sha)
    assert.match(readFileSync(join(fleet.box.hermes, 'config.yaml'), 'utf8'), /max_turns: 40/)
  })

  it('restarts a dead agent at most maxRetries times, opens one alert issue in Gitea and rolls back once', async () => {
    const coder = async () =>
      (await fleet.timmy(['deadman', 'status'])).value.wizards.find(
        (w: { wizard: string }) => w.wizard === 'coder',
      )
    await waitFor('the coder agent to be up', async () => (await coder()).state === 'up')
    writeFileSync(fleet.agent.deadFile, 'dead\n')
    const restarts = () =>
      existsSync(fleet.agent.restartsLog)
        ? readFileSync(fleet.agent.restartsLog, 'utf8').split('\n').filter(Boolean).length
        : 0
    const st = await waitFor(
      'deadman to give up and alert',
      async () => {
        const w = await coder()
        return w.active ? w : undefined
      },
      40_000,
    )
    assert.equal(st.restartsInWindow, MAX_RETRIES)
    assert.equal(restarts(), MAX_RETRIES)
    const alerts = async () => (await fleet.gitea.state()).repos[OPS_REPO]!.issues.filter((i) => !i.pull)
    await waitFor('the alert issue in Gitea', async () => (await alerts()).length === 1)
    const gens = (await fleet.timmy(['generations'])).value
    assert.equal(gens.live, 1, 'deadman did not roll back to the last known-good generation')
    // A few more heartbeats change nothing: no more restarts, alerts or rollbacks.
    const beats = async () =>
      (await jobs()).filter((j) => j.task === 'heartbeat' && j.state === 'done').length
    const mark = await beats()
    await waitFor('three more heartbeats', async () => (await beats()) >= mark + 3)
    assert.equal(restarts(), MAX_RETRIES)
    assert.equal((await alerts()).length, 1)
    const later = (await fleet.timmy(['generations'])).value
    assert.equal(later.live, 1)
    assert.equal(later.generations.length, gens.generations.length)
  })

  it('reports a changed cron schedule as drift in timmy freshness', async () => {
    const cron = join(fleet.project, 'config', 'cron.yaml')
    writeFileSync(cron, readFileSync(cron, 'utf8').replace('"0 8 * * 1-5"', '"30 9 * * 1-5"'))
    const r = await fleet.timmy(['freshness'], [1])
    const drift = r.value.drift.find((d: { kind: string; id: string }) => d.kind === 'schedule')
    assert.ok(drift, `no schedule drift in ${JSON.stringify(r.value)}`)
    assert.match(drift.id, /morning-triage/)
    assert.match(drift.detail, /30 9 \* \* 1-5/)
    assert.match(drift.detail, /0 8 \* \* 1-5/)
    assert.equal(
      typeof r.value.checked.playbookSchedules,
      'number',
      'freshness compared no playbook schedule',
    )
    assert.ok(r.value.checked.playbookSchedules >= 1)
  })

  it('ends the day with Gitea holding the labels, comments, merged and unmerged PRs and one alert issue', async () => {
    const s = await fleet.gitea.state()
    const fixed = issue(s, REPO, numbers.fix!)
    const seen = JSON.stringify(fixed)
    assert.ok(fixed.labels.includes('bug'), `no bug label: ${seen}`)
    assert.ok(fixed.assignees.includes('coder'), `not assigned to coder: ${seen}`)
    assert.ok(
      fixed.comments.some((c) => /coder lane worked on this/.test(c.body)),
      `no report comment: ${seen}`,
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

  it('ends the day with a ledger equal to the agents’ usage files, to the token', async () => {
    // Scheduled audit runs go on while the day ends: one may finish between reading the usage files
    // and reading the ledger. The ledger must catch up with the files (never drift from them), so
    // compare until both agree, and report the last difference if they never do.
    let seen = ''
    await waitFor(
      'the ledger to equal the agents’ usage files',
      async () => {
        const report = (await fleet.timmy(['budget', 'report', '--by', 'model'])).value
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
  })

  it('ends the day with every playbook run finished in the queue, deadman active and generation 1 live', async () => {
    const js = await jobs()
    assert.deepEqual(
      js
        .filter((j) => j.task.startsWith('playbooks.run') && (j.state === 'queued' || j.state === 'running'))
        .map((j) => j.id),
      [],
    )
    assert.deepEqual(
      js.filter((j) => j.task === 'work-item' && j.state === 'failed').map((j) => j.error),
      [],
    )
    const dm = (await fleet.timmy(['deadman', 'status'])).value
    assert.equal(dm.dryRun, false)
    assert.equal(dm.wizards.find((w: { wizard: string }) => w.wizard === 'coder').active, true)
    const gens = (await fleet.timmy(['generations'])).value
    assert.equal(gens.live, 1)
    assert.ok(gens.generations.find((g: { generation: number }) => g.generation === 2).bad)
  })

  it('ends the day with no failed hook and no unhandled effect in serve’s log', () => {
    assert.deepEqual(brokenSeams(fleet.serve.log()), [])
  })
})
