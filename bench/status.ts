/**
 * Status bench: `timmy status --json` and a `/metrics` scrape over a store with 1,000,000 ledger rows
 * and 100,000 jobs, beside a bare `SELECT count(*)` of the same two tables measured in the same run.
 * The snapshot and the scrape read the running totals (budget_totals, budget_spend_15m, queue_counts,
 * queue_hourly, queue_wait), never the ledger or the jobs. Targets: snapshot ≤ 200 ms, scrape ≤ 20 ms.
 * Also prints the wall time of the whole `timmy status --json` command (process start included, run through
 * tsx) beside the same command on an empty store.
 * Run: node --import tsx bench/status.ts   (BENCH_ROWS, BENCH_JOBS, BENCH_ITER to change the sizes)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../core/config/load-config.js'
import { createHost } from '../core/host.js'
import { silentLogger } from '../core/log.js'
import { startServer } from '../core/server/create-server.js'
import { fmt, median, timeCommand } from './lib.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000)
const ITER = Number(process.env.BENCH_ITER ?? 30)
const root = mkdtempSync(join(tmpdir(), 'timmy-bench-status-'))
const env = {
  ...process.env,
  TIMMY_HOME: join(root, 'home'),
  HERMES_HOME: join(root, 'hermes'),
  HOME: join(root, 'user'),
}
mkdirSync(env.HERMES_HOME, { recursive: true })
const config = {
  pluginOptions: {
    queue: { concurrency: 0, scheduler: false },
    budget: {
      importHermes: false,
      budgets: [
        { name: 'fleet', tokens: 1e12, window: 'monthly' },
        { name: 'coder', scope: 'lane', match: 'coder', tokens: 1e12, window: 'daily' },
        { name: 'bugs', scope: 'pipeline', match: 'bug-*', tokens: 1e12, window: 'weekly' },
      ],
    },
    deadman: { wizards: { coder: {}, reviewer: {}, ops: {} } },
    'state-log': { driftCheckSeconds: 0 },
  },
}
const configPath = join(root, 'timmy.config.json')
writeFileSync(configPath, JSON.stringify(config))
try {
  const loaded = await loadConfig({ cwd: root, env, configPath })
  const host = await createHost({ loaded, log: silentLogger })
  const queue = host.service('queue')!
  const budget = host.service('budget')!
  const status = host.service('status')!
  const now = Date.now()
  await queue.overview({ now, since: now }) // queue tables + rollup triggers
  await budget.spendSeries({ since: now, until: now + 1, bucketMs: 1 }) // ledger + rollup trigger
  const store = await host.store()
  let t = performance.now()
  // The ledger spread over 30 days, so the 7-day series covers about a quarter of it.
  store.db.exec(
    `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO budget_ledger (at, source, playbook, lane, model, input_tokens, output_tokens, total_tokens, cost_micros)
    SELECT ${now} - (i * 2593) % ${30 * 86_400_000}, 'bench', 'bug-fixer-' || (i % 5), ('coder', 'reviewer', 'ops')[0],
           'model-' || (i % 4), 100, 20, 120, 50 FROM n`.replace(
      "('coder', 'reviewer', 'ops')[0]",
      "CASE i % 3 WHEN 0 THEN 'coder' WHEN 1 THEN 'reviewer' ELSE 'ops' END",
    ),
  )
  store.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${JOBS})
    INSERT INTO queue_jobs (task, args, state, max_retries, retry_delay_ms, timeout_ms, run_at, created_at, started_at, finished_at, attempts, prune_at)
    SELECT 'task-' || (i % 20), '{}', CASE WHEN i % 10 = 0 THEN 'queued' WHEN i % 50 = 1 THEN 'failed' ELSE 'done' END,
           3, 1000, 180000, ${now} - i * 800, ${now} - i * 800,
           CASE WHEN i % 10 = 0 THEN NULL ELSE ${now} - i * 800 + 50 END,
           CASE WHEN i % 10 = 0 THEN NULL ELSE ${now} - i * 800 + 500 END,
           CASE WHEN i % 10 = 0 THEN 0 ELSE 1 END,
           CASE WHEN i % 10 = 0 THEN NULL ELSE ${now} + 86400000 END FROM n`)
  console.log(
    `seeded ${ROWS.toLocaleString()} ledger rows and ${JOBS.toLocaleString()} jobs in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )

  const server = await startServer(host, { host: '127.0.0.1', port: 0, bodyLimit: 1 << 20 })
  const count = store.db
    .prepare('SELECT (SELECT count(*) FROM budget_ledger) + (SELECT count(*) FROM queue_jobs)')
    .pluck()
  const snapshots: number[] = []
  const counts: number[] = []
  const scrapes: number[] = []
  await status.snapshot({ gitea: false })
  await (await fetch(`${server.url}/metrics`)).text()
  for (let i = 0; i < ITER; i++) {
    t = performance.now()
    count.get()
    counts.push(performance.now() - t)
    t = performance.now()
    await status.snapshot({ gitea: false })
    snapshots.push(performance.now() - t)
    t = performance.now()
    await (await fetch(`${server.url}/metrics`)).text()
    scrapes.push(performance.now() - t)
  }
  await server.close()
  await host.close('bench')
  const bin = fileURLToPath(new URL('../core/cli/bin.ts', import.meta.url))
  const tsx = import.meta.resolve('tsx')
  // The whole command beside the same command on an empty store (same config, plugins, tsx), interleaved.
  const argv = [
    process.execPath,
    '--import',
    tsx,
    bin,
    'status',
    '--json',
    '--no-gitea',
    '--config',
    configPath,
  ]
  const emptyEnv = { ...env, TIMMY_HOME: join(root, 'home-empty') }
  const full: number[] = []
  const empty: number[] = []
  for (let i = 0; i < 3; i++) {
    empty.push(timeCommand(argv, { cwd: root, env: emptyEnv }))
    full.push(timeCommand(argv, { cwd: root, env }))
  }
  const cli = median(full)
  const c = median(counts)
  console.log(`SELECT count(*) of both tables   ${fmt(c)}`)
  console.log(
    `status snapshot (--json data)    ${fmt(median(snapshots))}   ${(median(snapshots) / c).toFixed(2)}× the count   target ≤ 200 ms`,
  )
  console.log(
    `/metrics scrape (HTTP)           ${fmt(median(scrapes))}   ${(median(scrapes) / c).toFixed(2)}× the count   target ≤ 20 ms`,
  )
  console.log(
    `timmy status --json (whole process, tsx) ${fmt(cli)}   empty store ${fmt(median(empty))}   +${fmt(cli - median(empty))} for the data`,
  )
} finally {
  rmSync(root, { recursive: true, force: true })
}
