/**
 * Crash safety: a child running a deploy or rollback is SIGKILLed at 50 random durable steps; after
 * each, recovery (what `timmy deploy` and `timmy doctor` run first) must leave every managed path of
 * `$HERMES_HOME` showing exactly one complete generation — never a mix — and config.yaml parsing.
 * The child is bundled once with esbuild so each run starts in a fraction of a second.
 */

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { parse } from 'yaml'
import { readJournal } from '../../plugins/deploy/deploy-state.js'
import { listGenerations, liveGeneration, readManifest, sha256 } from '../../plugins/deploy/generations.js'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { recover } from '../../plugins/deploy/transaction.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { runCli } from '../helpers/cli.js'
import { sandbox, tempDir } from '../helpers/temp.js'
import { writeOverlay } from './_overlay.js'

const RUNS = 50
const MAX_STEP = 20

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function runChild(
  bundle: string,
  args: string[],
  crashAt: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { ...process.env, TIMMY_DEPLOY_CRASH_AT: String(crashAt) },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stderr }))
  })
}

/** Every managed path shows the live generation's file, or is absent when that generation lacks it. */
function assertOneGeneration(home: string, hermes: string, label: string, recovered = true): number | null {
  if (recovered) assert.equal(readJournal(home), null, `${label}: no transaction left in flight`)
  const all = new Set<string>()
  for (const n of listGenerations(home))
    for (const f of readManifest(home, n).files) if (f.kind === 'link') all.add(f.path)
  const live = liveGeneration(home)
  const files = new Map((live === null ? [] : readManifest(home, live).files).map((f) => [f.path, f]))
  for (const path of all) {
    const target = join(hermes, path)
    const want = files.get(path)
    if (!want) {
      assert.equal(existsSync(target), false, `${label}: ${path} must be absent in generation ${live}`)
      continue
    }
    assert.equal(sha256(readFileSync(target)), want.sha256, `${label}: ${path} must be generation ${live}'s`)
  }
  if (existsSync(join(hermes, 'config.yaml'))) parse(readFileSync(join(hermes, 'config.yaml'), 'utf8'))
  if (existsSync(join(hermes, 'cron/jobs.json')))
    JSON.parse(readFileSync(join(hermes, 'cron/jobs.json'), 'utf8'))
  return live
}

test('SIGKILL at 50 random points never leaves a mix of generations', { timeout: 180_000 }, async (t) => {
  const sb = sandbox(t)
  const bundleDir = tempDir(t)
  const bundle = join(bundleDir, 'driver.cjs')
  await build({
    entryPoints: [fileURLToPath(new URL('./_crash-driver.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'silent',
  })
  const a = join(sb.root, 'overlay-a')
  const b = join(sb.root, 'overlay-b')
  writeOverlay(a, {
    'config/config.yaml': 'model:\n  default: "model-a"\n  provider: "openrouter"\n',
    'config/SOUL.md': 'soul A\n',
    'config/cron.yaml': 'jobs:\n  - {id: a, name: A, schedule: "every 30m", prompt: a}\n',
    'config/memories/MEMORY.md': 'seed\n',
    'skins/a.yaml': 'name: a\n',
    'skins/common.yaml': 'name: common\ndescription: from A\n',
  })
  writeOverlay(b, {
    'config/config.yaml': 'model:\n  default: "model-b"\n  provider: "openrouter"\ndisplay: {skin: b}\n',
    'config/SOUL.md': 'soul B\n',
    'config/channel_aliases.json': '{"telegram": {"1": "one"}}',
    'config/cron.yaml': 'jobs:\n  - {id: b, name: B, schedule: "0 9 * * *", prompt: b}\n',
    'skins/b.yaml': 'name: b\n',
    'skins/common.yaml': 'name: common\ndescription: from B\n',
  })
  const ctx = { home: sb.home, hermesHome: sb.hermes, hermes: createHermesService() }
  const random = rng(20261128)
  let killed = 0
  const seen = new Set<number | null>()
  for (let run = 0; run < RUNS; run++) {
    const mode = run % 7 === 6 ? 'rollback' : 'deploy'
    const source = run % 2 === 0 ? a : b
    const crashAt = 1 + Math.floor(random() * MAX_STEP)
    const r = await runChild(bundle, [mode, source, sb.home, sb.hermes], crashAt)
    if (r.signal === 'SIGKILL') killed++
    else assert.equal(r.code, 0, r.stderr)
    // Even before recovery, what Hermes would read right now is one generation, and config.yaml parses.
    assertOneGeneration(sb.home, sb.hermes, `run ${run} right after the kill at step ${crashAt}`, false)
    if (run === 20) {
      // The real CLI: `timmy doctor` finishes the interrupted deploy.
      const doc = await runCli(['doctor', '--json'], { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })
      const check = JSON.parse(doc.stdout).checks.find((c: { name: string }) => c.name === 'deploy')
      assert.equal(check.ok, true, check.detail)
    } else {
      await recover(ctx)
    }
    seen.add(assertOneGeneration(sb.home, sb.hermes, `run ${run} (${mode}, killed at step ${crashAt})`))
  }
  t.diagnostic(`killed ${killed} of ${RUNS}, generations seen: ${[...seen].join(' ')}`)
  // The next deploy also sweeps the temp files killed runs left beside managed paths.
  await runDeploy(ctx, { source: a })
  const leftovers = readdirSync(sb.hermes, { recursive: true }).filter((n) => String(n).endsWith('.tmp'))
  assert.deepEqual(leftovers, [])
  assert.ok(killed >= 25, `most runs must really be killed mid-way (${killed} of ${RUNS})`)
  assert.ok(seen.size >= 3, 'the runs switched between several generations')
})
