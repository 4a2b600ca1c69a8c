// The stand-in for the `hermes` executable in the rehearsal (test/fleet): accepts the flags of
// `hermes -z` (FORMATS.md §7: -z/--oneshot, -m/--model, --provider, -t/--toolsets, --usage-file, and the
// global -p/--profile), records its argv, and does what the per-issue script says: open a PR through the
// Gitea API, spend N tokens (written to the usage file in Hermes' format), exit non-zero, or hang.
// Plain JavaScript so that each agent run starts fast. `main(configFile)` is called by the generated
// `hermes` executable on PATH (see stub-hermes.ts).
import { randomUUID } from 'node:crypto'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'

const FLAGS = {
  '-z': 'prompt',
  '--oneshot': 'prompt',
  '-m': 'model',
  '--model': 'model',
  '--provider': 'provider',
  '-t': 'toolsets',
  '--toolsets': 'toolsets',
  '--usage-file': 'usageFile',
  '-p': 'profile',
  '--profile': 'profile',
}

export async function main(configFile) {
  const config = JSON.parse(readFileSync(configFile, 'utf8'))
  const argv = process.argv.slice(2)
  const got = {}
  for (let i = 0; i < argv.length; i++) {
    const key = FLAGS[argv[i]]
    if (!key || i + 1 >= argv.length) {
      process.stderr.write(`hermes: error: unrecognized arguments: ${argv[i]}\n`)
      return finish(config, { argv, bad: argv[i] }, 2)
    }
    got[key] = argv[++i]
  }
  const prompt = got.prompt ?? ''
  const issue = Number(/#(\d+)/.exec(prompt)?.[1]) || null
  const repo = /\b([\w.-]+\/[\w.-]+)\b/.exec(prompt.replace(/https?:\/\/\S+/g, ''))?.[1] ?? null
  const record = {
    at: new Date().toISOString(),
    pid: process.pid,
    argv,
    prompt,
    issue,
    repo,
    model: got.model ?? null,
    provider: got.provider ?? null,
    toolsets: got.toolsets ? got.toolsets.split(',') : null,
    profile: got.profile ?? null,
    hermesHome: process.env.HERMES_HOME ?? null,
  }
  if (!got.prompt || (got.provider && !got.model)) return finish(config, { ...record, bad: 'flags' }, 2)
  const script = (issue !== null && config.scripts[String(issue)]) || config.scripts.default || {}
  appendFileSync(config.argvLog, `${JSON.stringify({ ...record, script: script.name ?? null })}\n`)

  if (script.hang) {
    setInterval(() => {}, 60_000)
    return
  }
  let text = script.text ?? `Worked on ${repo ?? 'the fleet'}${issue ? `#${issue}` : ''}.`
  if (script.pr && issue && repo) {
    const branch = `issue-${issue}`
    await post(`${config.control}/branch`, { repo, branch })
    const res = await post(
      `${config.giteaUrl}/api/v1/repos/${repo}/pulls`,
      {
        head: branch,
        base: 'main',
        title: script.pr.title ?? `Fix #${issue}`,
        body: `Fixes #${issue}${script.pr.body ? `\n\n${script.pr.body}` : ''}`,
      },
      config.token,
    )
    text = `${text} Opened pull request #${res.number ?? '?'} (HTTP ${res.status}).`
  }
  const tokens = script.tokens ?? { input: 1000, output: 200 }
  const usage = {
    estimated_cost_usd: script.cost ?? 0.0123,
    cost_status: 'estimated',
    cost_source: 'provider_models_api',
    input_tokens: tokens.input ?? 0,
    output_tokens: tokens.output ?? 0,
    cache_read_tokens: tokens.cacheRead ?? 0,
    cache_write_tokens: tokens.cacheWrite ?? 0,
    reasoning_tokens: 0,
    total_tokens:
      (tokens.input ?? 0) + (tokens.output ?? 0) + (tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0),
    api_calls: 3,
    model: got.model ?? 'nousresearch/hermes-4-405b',
    provider: got.provider ?? 'openrouter',
    session_id: `stub-${randomUUID()}`,
    completed: !script.exit,
    failed: Boolean(script.exit),
    service_tier: null,
    ...(script.exit ? { failure: 'the agent raised' } : {}),
  }
  if (got.usageFile) writeFileSync(got.usageFile, JSON.stringify(usage))
  appendFileSync(
    config.usageLog,
    `${JSON.stringify({ issue, repo, profile: record.profile, prompt, usage })}\n`,
  )
  if (script.exit) {
    process.stderr.write(`hermes -z: ${script.text ?? 'the agent raised'}\n`)
    process.exitCode = script.exit
    return
  }
  process.stdout.write(`${text}\n`)
}

function finish(config, record, code) {
  appendFileSync(config.argvLog, `${JSON.stringify({ ...record, rejected: true })}\n`)
  process.exitCode = code
}

async function post(url, body, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `token ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = await res.json().catch(() => ({}))
  return { status: res.status, ...json }
}
