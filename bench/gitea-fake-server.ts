/**
 * The fake Gitea for bench/gitea.ts, in its own process so its work does not share the client's
 * thread (as a real server would not). Prints `{url, token}` as one JSON line; stops when stdin closes.
 */
import { startFakeGitea } from '../test/gitea/fake-gitea.js'

const issues = Number(process.argv[2] ?? 10_000)
const latencyMs = Number(process.argv[3] ?? 40)
const fake = await startFakeGitea({ latencyMs })
fake.addRepo('acme/big')
for (let n = 0; n < issues; n++) fake.addIssue('acme/big', { title: `issue ${n}` })
process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token })}\n`)
process.stdin.resume()
process.stdin.on('end', async () => {
  await fake.close()
  process.exit(0)
})
