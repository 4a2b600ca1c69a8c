/**
 * The operators' view end to end: a populated store, a real `timmy serve`, headless Chromium on `/`
 * (figures equal to `timmy status --json`, every plot drawn with data points, a screenshot), and
 * `/metrics` parsed strictly with values equal to the store's.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { StatusSnapshot } from '../../plugins/status/types.js'
import { runCli, spawnCli, waitForOutput } from '../helpers/cli.js'
import { findBin } from '../helpers/find-bin.js'
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js'
import { sandbox } from '../helpers/temp.js'
import { populate } from './_populate.js'

/** Debian's `chromium` (.ci/run installs it when missing); the page test skips, saying so, only without it. */
const CHROMIUM = findBin('chromium')

test('the status page and /metrics show what the store holds', { timeout: 180_000 }, async (t) => {
  const box = sandbox(t)
  const populatedAt = await populate(t, box)
  const cli = await runCli(['status', '--json', '--no-gitea'], { cwd: box.cwd, env: box.env })
  assert.equal(cli.code, 0, cli.stderr)
  const snap = JSON.parse(cli.stdout) as StatusSnapshot
  assert.ok(snap.queue && snap.queue.error === undefined && snap.budget && snap.budget.error === undefined)
  assert.ok(
    snap.deadman && snap.deadman.error === undefined && snap.deploy && snap.deploy.error === undefined,
  )
  assert.equal(snap.queue.queued, 4)
  assert.equal(snap.deploy.live, 2)
  // The 7-day series hold exactly the records inside their ranges (coder 1000 + d×100, reviewer 500 + d×10, day d back).
  const records = [0, 1, 2, 3, 4, 5, 6].flatMap((d) => [
    {
      at: populatedAt - d * 86_400_000 - 60_000,
      lane: 'coder',
      model: 'hermes-4-405b',
      tokens: 1000 + d * 100,
    },
    {
      at: populatedAt - d * 86_400_000 - 60_000,
      lane: 'reviewer',
      model: 'claude-sonnet',
      tokens: 500 + d * 10,
    },
  ])
  const within = (from: string, n: number, ms: number, lane?: string, model?: string) =>
    records
      .filter(
        (r) =>
          r.at >= Date.parse(from) &&
          r.at < Date.parse(from) + n * ms &&
          (!lane || r.lane === lane) &&
          (!model || r.model === model),
      )
      .reduce((s, r) => s + r.tokens, 0)
  const sum = (v: number[] | undefined) => (v ?? []).reduce((s, x) => s + x, 0)
  const byName = new Map(snap.budget.budgets.map((b) => [b.name, b]))
  assert.equal(snap.budget.days.length, 7)
  assert.equal(snap.budget.hours.length, 168)
  assert.equal(sum(byName.get('fleet')!.daily), within(snap.budget.days[0]!, 7, 86_400_000))
  assert.equal(sum(byName.get('coder-week')!.daily), within(snap.budget.days[0]!, 7, 86_400_000, 'coder'))
  assert.equal(sum(snap.budget.hourlyByBudget.fleet), within(snap.budget.hours[0]!, 168, 3_600_000))
  assert.equal(
    sum(snap.budget.hourlyByModel['claude-sonnet']),
    within(snap.budget.hours[0]!, 168, 3_600_000, undefined, 'claude-sonnet'),
  )
  assert.ok(sum(byName.get('fleet')!.daily) > 0 && sum(snap.budget.hourlyByModel['hermes-4-405b']) > 0)

  const serve = spawnCli(['serve', '--port', '0'], { cwd: box.cwd, env: box.env })
  t.after(() => serve.kill('SIGTERM'))
  const url = (await waitForOutput(serve, /listening on (http:\/\/\S+)/))[1]!

  await t.test('/metrics parses and matches the store', async () => {
    const refused = await fetch(`${url}/hooks/gitea`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    })
    assert.ok(refused.status >= 400)
    const res = await fetch(`${url}/metrics`)
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/)
    const m = parsePrometheusText(await res.text())
    for (const b of snap.budget!.error === undefined ? snap.budget!.budgets : [])
      assert.equal(sampleValue(m, 'timmy_budget_spent_tokens', { budget: b.name }), b.spentTokens)
    for (const q of snap.queue!.error === undefined ? snap.queue!.tasks : [])
      assert.equal(sampleValue(m, 'timmy_queue_depth', { task: q.task }), q.queued)
    assert.equal(sampleValue(m, 'timmy_deadman_wizard_state', { wizard: 'reviewer', state: 'paused' }), 1)
    assert.equal(sampleValue(m, 'timmy_deadman_wizard_state', { wizard: 'reviewer', state: 'up' }), 0)
    assert.equal(sampleValue(m, 'timmy_deploy_live_generation'), 2)
    assert.equal(
      sampleValue(m, 'timmy_webhook_deliveries_total', {
        outcome: 'refused',
        status: String(refused.status),
      }),
      1,
    )
    assert.equal(m.get('timmy_queue_wait_seconds')?.type, 'histogram')
  })

  await t.test(
    'the page shows the same figures and draws every plot',
    {
      skip: CHROMIUM
        ? false
        : 'no chromium on PATH (.ci/run installs it: apt-get install -y --no-install-recommends chromium)',
    },
    async () => {
      const { chromium } = await import('playwright-core')
      const browser = await chromium.launch({
        executablePath: CHROMIUM!,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
        // playwright gives each launch a fresh profile folder of its own (a --user-data-dir argument is refused)
      })
      t.after(() => browser.close())
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
      await page.goto(`${url}/`)
      const cell = (sel: string) => page.locator(sel).first().getAttribute('data-value')
      const q = snap.queue!.error === undefined ? snap.queue! : undefined
      assert.equal(await cell('#queue-totals tbody td:nth-child(1)'), String(q!.queued))
      assert.equal(await cell('#queue-totals tbody td:nth-child(2)'), String(q!.running))
      const budgets = snap.budget!.error === undefined ? snap.budget!.budgets : []
      for (const [i, b] of budgets.entries()) {
        assert.equal(await cell(`#budgets tbody tr:nth-child(${i + 1}) td:nth-child(1)`), b.name)
        assert.equal(
          await cell(`#budgets tbody tr:nth-child(${i + 1}) td:nth-child(3)`),
          String(b.spentTokens),
        )
      }
      const wizards = snap.deadman!.error === undefined ? snap.deadman!.wizards : []
      for (const [i, w] of wizards.entries())
        assert.equal(await cell(`#wizards tbody tr:nth-child(${i + 1}) td:nth-child(2)`), w.state)
      assert.equal(await cell('#deploy-summary tbody td:nth-child(1)'), '2')
      const figures = await page.locator('figure.plot').count()
      await page.waitForFunction(
        (n) => (globalThis as unknown as { timmyPlots?: unknown[] }).timmyPlots?.length === n,
        figures,
      )
      const plots = await page.evaluate(
        () => (globalThis as unknown as { timmyPlots: { id: string; points: number }[] }).timmyPlots,
      )
      assert.ok(figures >= 6)
      for (const p of plots) assert.ok(p.points > 0, `${p.id} has no data points`)
      assert.equal(await page.locator('canvas').count(), figures)
      const dir = mkdtempSync(join(tmpdir(), 'timmy-status-shot-'))
      const shot = join(dir, 'status.png')
      await page.screenshot({ path: shot, fullPage: true })
      assert.ok(statSync(shot).size > 10_000)
      console.log(`screenshot: ${shot}`)
    },
  )
})
