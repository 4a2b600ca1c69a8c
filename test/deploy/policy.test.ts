import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseYamlText } from '../../core/config/yaml-source.js'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { DEFAULT_BANNED } from '../../plugins/policy/policy-schema.js'
import { scanSource } from '../../plugins/policy/scan-policy.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { BASE_CONFIG, baseOverlay, bootHost, contextFor, treeDigest } from './_overlay.js'

async function expectVeto(t: test.TestContext, config: string, line: number, col: number) {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/config.yaml': config })
  const host = await bootHost(sb)
  t.after(() => host.close())
  const before = treeDigest(sb.root)
  await assert.rejects(runDeploy(contextFor(sb, host), { source: sb.cwd }), (err: any) => {
    assert.equal(err.code, 'TIMMY_ERR_DEPLOY_VETOED')
    assert.deepEqual([err.loc?.file, err.loc?.line, err.loc?.col], ['config/config.yaml', line, col])
    assert.match(err.message, new RegExp(`config/config.yaml:${line}:${col}`))
    return true
  })
  assert.equal(treeDigest(sb.root), before, 'nothing was written')
}

test('a banned provider in fallback_providers aborts the deploy before anything is written', async (t) => {
  await expectVeto(t, `${BASE_CONFIG}fallback_providers:\n  - openrouter\n  - anthropic\n`, 9, 5)
})

test('a forbidden base_url in auxiliary.vision aborts the deploy, naming file:line:col', async (t) => {
  await expectVeto(
    t,
    `${BASE_CONFIG}auxiliary:\n  vision:\n    provider: custom\n    base_url: "https://llm.evil.example/v1"\n`,
    10,
    15,
  )
})

test('banned names are found in providers, delegation, custom providers and the model', () => {
  const policy = {
    bannedProviders: DEFAULT_BANNED,
    allowedBaseUrls: ['https://openrouter.ai/api/v1'],
    required: {},
  }
  const scan = (text: string) =>
    scanSource(parseYamlText(text, 'c.yaml'), policy).map((v) => `${v.rule} ${v.path}`)
  assert.deepEqual(scan('model: "anthropic/claude-opus-4.6"\n'), ['banned-provider model'])
  assert.deepEqual(scan('providers:\n  anthropic: {api_key: x}\n'), ['banned-provider providers.anthropic'])
  assert.deepEqual(scan('delegation: {provider: Anthropic}\n'), ['banned-provider delegation.provider'])
  assert.deepEqual(scan('custom_providers:\n  - {name: my-claude, base_url: "http://127.0.0.1:9/v1"}\n'), [
    'banned-provider custom_providers.0.name',
  ])
  assert.deepEqual(scan('fallback_providers: [{provider: openrouter, model: "claude-3"}]\n'), [
    'banned-provider fallback_providers.0.model',
  ])
  assert.deepEqual(scan('auxiliary: {compression: {base_url: "https://api.anthropic.com/v1"}}\n'), [
    'banned-provider auxiliary.compression.base_url',
  ])
  assert.deepEqual(
    scan('model: {base_url: "http://localhost:8080/v1"}\ndelegation: {base_url: "${LLM_URL}"}\n'),
    [],
  )
  assert.deepEqual(scan('model: {base_url: "https://openrouter.ai/api/v1"}\n'), [])
})

test('a required setting from policy.yaml that the config lacks vetoes the deploy', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/policy.yaml': 'required: {memory.memory_enabled: true}\n' })
  const host = await bootHost(sb)
  t.after(() => host.close())
  await assert.rejects(runDeploy(contextFor(sb, host), { source: sb.cwd }), {
    code: 'TIMMY_ERR_DEPLOY_VETOED',
  })
})

test('a malformed policy.yaml stops the deploy with a coded error at its key', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'config/policy.yaml': 'banned_provider: [x]\n' })
  const host = await bootHost(sb)
  t.after(() => host.close())
  await assert.rejects(runDeploy(contextFor(sb, host), { source: sb.cwd }), (err: any) => {
    assert.equal(err.code, 'TIMMY_ERR_SCHEMA_UNKNOWN_KEY')
    assert.deepEqual([err.loc?.file, err.loc?.line], ['config/policy.yaml', 1])
    return true
  })
})

test('without its validator, the policy tap itself vetoes a malformed policy.yaml (fails closed)', async () => {
  const { default: policy } = await import('../../plugins/policy/index.js')
  const { createHooks } = await import('../../core/hooks.js')
  const hooks = createHooks()
  const host = { hooks, provide() {}, registerValidator() {} } as never
  await policy.setup(host, { bannedProviders: DEFAULT_BANNED, allowedBaseUrls: [] })
  const source = parseYamlText('banned_provider: [x]\n', 'config/policy.yaml')
  const veto = await hooks.beforeDeploy.promise({
    generation: 1,
    files: [],
    dryRun: false,
    overlay: { sources: { 'config/policy.yaml': source } },
  } as never)
  assert.equal(veto?.veto, true)
  assert.equal((veto as { loc?: { file?: string } } | undefined)?.loc?.file, 'config/policy.yaml')
})

test('timmy policy scan reports violations in any files and exits 1, 0 when clean', async (t) => {
  const sb = sandbox(t)
  const dir = join(sb.cwd, 'scan')
  mkdirSync(dir)
  writeFileSync(join(dir, 'hermes.yaml'), 'model:\n  provider: anthropic\n')
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\nexport base_url=https://api.example.net/v1\n')
  writeFileSync(join(dir, 'ok.json'), '{"model": {"provider": "openrouter"}}')
  const bad = await runCli(['policy', 'scan', 'scan', '--json'], {
    cwd: sb.cwd,
    env: sb.env,
    timeoutMs: 90_000,
  })
  assert.equal(bad.code, 1, bad.stderr)
  const out = JSON.parse(bad.stdout)
  assert.deepEqual(
    out.violations.map((v: any) => [v.rule, v.loc.file.split('/').pop(), v.loc.line]),
    [
      ['banned-provider', 'hermes.yaml', 2],
      ['forbidden-base-url', 'run.sh', 2],
    ],
  )
  const ok = await runCli(['policy', 'scan', 'scan/ok.json'], { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })
  assert.equal(ok.code, 0, ok.stderr)
})
