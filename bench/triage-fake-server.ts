/**
 * The fake Gitea for bench/triage.ts, in its own process (as a real server would be): the triage
 * backlog (mixed labels, assignees, ages, linked PRs) over two repos, with injected latency.
 * Prints `{url, token}` as one JSON line, then `{writes: [ms…]}` (each write's arrival) when stdin closes.
 */
import { startFakeGitea } from '../test/gitea/fake-gitea.js'
import { seedBacklog } from '../test/triage/gitea-fake-backlog.js'

const issues = Number(process.argv[2] ?? 10_000)
const latencyMs = Number(process.argv[3] ?? 40)
const fake = await startFakeGitea({ latencyMs })
seedBacklog(fake, issues, Date.now(), 42)
process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token })}\n`)
process.stdin.resume()
process.stdin.on('end', async () => {
  const writes = fake.requests.filter((r) => r.method !== 'GET').length
  process.stdout.write(`${JSON.stringify({ writes, requests: fake.requests.length })}\n`)
  await fake.close()
  process.exit(0)
})
