/** Small readers over the rehearsal's processes: the fake Gitea's issues, the queue, the stub's runs, serve's log. */
import type { DumpIssue, FakeGiteaDump } from './start-processes.js'
import type { StubRun } from './stub-hermes.js'

export function issue(state: FakeGiteaDump, repo: string, n: number): DumpIssue {
  const i = state.repos[repo]?.issues.find((x) => x.number === n)
  if (!i) throw new Error(`no ${repo}#${n} in the fake Gitea`)
  return i
}

/** The open or merged PR whose head is `issue-<n>`. */
export function pullFor(state: FakeGiteaDump, repo: string, n: number): DumpIssue | undefined {
  return state.repos[repo]?.issues.find((x) => x.pull?.head === `issue-${n}`)
}

export const runsFor = (runs: StubRun[], n: number) => runs.filter((r) => r.issue === n && !r.rejected)

export interface QueueJob {
  id: number
  task: string
  args: unknown
  state: string
  result?: unknown
  error?: { code?: string; message: string }
  /** A queued job its task deferred (a run held by a budget), with the reason. */
  waiting?: { reason: string }
}

/** A durable playbook run of `playbook` for issue `n` (whatever the task is named: `playbooks.run` or `playbooks.run.<name>`). */
export function playbookJobs(jobs: QueueJob[], playbook: string, n?: number): QueueJob[] {
  return jobs.filter((j) => {
    if (!j.task.startsWith('playbooks.run')) return false
    const text = `${j.task} ${JSON.stringify(j.args)}`
    if (!text.includes(playbook)) return false
    if (n === undefined) return true
    const item = (j.args as { item?: { issue?: number } } | null)?.item
    return item?.issue === n
  })
}

/** Log lines of serve that say a plugin hook failed or an effect had no handler. */
export function brokenSeams(lines: string[]): string[] {
  return lines.filter((l) =>
    /TIMMY_ERR_PLUGIN_HOOK_FAILED|TIMMY_ERR_EFFECT_UNHANDLED|TIMMY_ERR_PLAYBOOK_UNHANDLED_EFFECT|"delivered":"log"/.test(
      l,
    ),
  )
}

export const tokensOf = (u: Record<string, number | string>) =>
  Number(u.input_tokens ?? 0) +
  Number(u.output_tokens ?? 0) +
  Number(u.cache_read_tokens ?? 0) +
  Number(u.cache_write_tokens ?? 0)
