import assert from 'node:assert/strict'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { type Sandbox, sandbox } from '../helpers/temp.js'
import { PLUGIN_DIR, serve } from './_setup.js'

interface Report {
  ok: boolean
  checks: { name: string; ok: boolean; advisory?: boolean; detail: string }[]
}

async function doctor(box: Sandbox): Promise<{ code: number | null; report: Report }> {
  const r = await runCli(['doctor', '--json'], { cwd: box.cwd, env: box.env })
  return { code: r.code, report: JSON.parse(r.stdout) as Report }
}
const check = (report: Report, name: string) => report.checks.find((c) => c.name === name)

function install(box: Sandbox, config: string): void {
  mkdirSync(join(box.hermes, 'plugins'), { recursive: true })
  cpSync(PLUGIN_DIR, join(box.hermes, 'plugins', 'timmy-bridge'), { recursive: true })
  writeFileSync(join(box.hermes, 'config.yaml'), config)
}

test('timmy doctor says whether Hermes will load the bridge: not installed, installed but not enabled, broken manifest, enabled', async (t) => {
  const fresh = sandbox(t)
  const notEnabled = sandbox(t)
  install(notEnabled, 'model: {default: m}\nplugins: {enabled: [other]}\n')
  const disabled = sandbox(t)
  install(disabled, 'plugins: {enabled: [timmy-bridge], disabled: [timmy-bridge]}\n')
  const broken = sandbox(t)
  install(broken, 'plugins: {enabled: [timmy-bridge]}\n')
  writeFileSync(join(broken.hermes, 'plugins', 'timmy-bridge', 'plugin.yaml'), 'name: [unclosed\n')

  const [a, b, c, d] = await Promise.all([fresh, notEnabled, disabled, broken].map(doctor))
  assert.equal(a!.code, 0, 'a missing bridge is advice, not a failure')
  assert.equal(check(a!.report, 'bridge')?.advisory, true)
  assert.equal(check(a!.report, 'bridge server'), undefined)

  assert.equal(b!.code, 1)
  assert.equal(check(b!.report, 'bridge manifest')?.ok, true)
  assert.equal(check(b!.report, 'bridge module')?.ok, true)
  assert.equal(check(b!.report, 'bridge enabled')?.ok, false)
  assert.match(check(b!.report, 'bridge enabled')!.detail, /plugins\.enabled/)

  assert.equal(c!.code, 1)
  assert.match(check(c!.report, 'bridge enabled')!.detail, /plugins\.disabled/)

  assert.equal(d!.code, 1)
  assert.equal(check(d!.report, 'bridge manifest')?.ok, false)
})

test('timmy doctor reports the bridge server reachable when timmy serve runs, and advice when it does not', async (t) => {
  const s = await serve(t)
  install(s.box, 'plugins:\n  enabled:\n    - timmy-bridge\n')
  const up = await doctor(s.box)
  assert.equal(check(up.report, 'bridge enabled')?.ok, true)
  assert.equal(check(up.report, 'bridge server')?.ok, true, check(up.report, 'bridge server')?.detail)
  assert.match(check(up.report, 'bridge server')!.detail, new RegExp(s.url.replace(/\./g, '\\.')))
  assert.equal(check(up.report, 'bridge socket')?.ok, true, check(up.report, 'bridge socket')?.detail)
  await s.stop()
  const down = await doctor(s.box)
  assert.equal(down.code, 0)
  assert.equal(check(down.report, 'bridge server')?.ok, false)
  assert.equal(check(down.report, 'bridge server')?.advisory, true)
  // A clean stop removes bridge.json (and the socket): no socket is reported as reachable.
  assert.notEqual(check(down.report, 'bridge socket')?.ok, true)
})

test('timmy doctor checks shell-hook consent when Hermes runs "timmy hook" instead of the plugin', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  const config =
    'hooks:\n  pre_tool_call:\n    - command: "timmy hook"\n  post_llm_call:\n    - command: "timmy hook"\n      timeout: 5\n'
  writeFileSync(join(box.hermes, 'config.yaml'), config)
  const before = await doctor(box)
  assert.equal(check(before.report, 'bridge'), undefined, 'shell hooks count as a bridge')
  assert.equal(check(before.report, 'shell hooks')?.ok, false)
  assert.match(check(before.report, 'shell hooks')!.detail, /pre_tool_call, post_llm_call/)
  writeFileSync(
    join(box.hermes, 'shell-hooks-allowlist.json'),
    JSON.stringify({
      approvals: [
        { event: 'pre_tool_call', command: 'timmy hook' },
        { event: 'post_llm_call', command: 'timmy hook' },
      ],
    }),
  )
  const after = await doctor(box)
  assert.equal(check(after.report, 'shell hooks')?.ok, true)
})
