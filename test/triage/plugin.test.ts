import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Effect } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import triagePlugin, { type TriageService } from '../../plugins/triage/index.js'
import type { TriageEffect } from '../../plugins/triage/types.js'
import { testHost } from '../helpers/host.js'
import { NOW, applyEffects, makeBacklog } from './backlog.js'

function standInGitea(seed = 3) {
  const { issues, pulls } = makeBacklog(300, seed)
  const writes: TriageEffect[] = []
  const plugin = definePlugin({
    name: 'stand-in-gitea',
    version: '1',
    setup(h) {
      h.provide('gitea', {
        listOpenIssues: async (repo: string) =>
          structuredClone(issues.filter((i) => i.repo === repo && i.state === 'open')),
        listOpenPulls: async (repo: string) => pulls.filter((p) => p.repo === repo),
      })
      for (const kind of ['gitea.label', 'gitea.assign', 'gitea.comment', 'gitea.close', 'gitea.unlabel']) {
        h.registerEffect(
          kind,
          (e: Effect) => void writes.push(...applyEffects(issues, [e as TriageEffect], NOW)),
        )
      }
    },
  })
  return { plugin, issues, writes }
}

const rulesYaml = `mode: first-match
rules:
  - name: bugs
    match: { title: "/crash|error|bug/i" }
    actions: { labels: [bug], lane: coder, comment: "Routed to {{lane}}." }
  - name: docs
    match: { title: "/docs|typo/i" }
    actions: { labels: [docs], priority: p3 }
`

test('the dry run plans exactly what --confirm then writes, and writes nothing itself; the next sweep is empty', async (t) => {
  const { box } = await testHost(t, {})
  const rulesFile = join(box.cwd, 'triage-rules.yaml')
  writeFileSync(rulesFile, rulesYaml)
  const g = standInGitea(5)
  const { host: h } = await testHost(t, {
    box,
    plugins: [g.plugin, triagePlugin],
    config: {
      pluginOptions: {
        triage: {
          repos: ['fleet/api', 'fleet/web'],
          rulesFile,
          ceiling: 1000,
          lanes: { coder: { agent: 'timmy-coder' } },
          stale: { enabled: false },
          orphans: { enabled: false },
        },
      },
    },
  })
  const triage = h.service('triage')!
  const dry = await triage.sweep({ now: NOW })
  assert.equal(g.writes.length, 0, 'a dry run writes nothing')
  assert.ok(dry.changes.length > 50)
  const real = await triage.sweep({ now: NOW, confirm: true })
  assert.deepEqual(
    g.writes,
    dry.changes.flatMap((c) => c.effects),
    'the writes are the plan, in order',
  )
  assert.equal(real.applied, g.writes.length)
  const again = await triage.sweep({ now: NOW, confirm: true })
  assert.equal(again.changes.length, 0)
})

test('timmy triage sweep without Gitea says so with a coded error', async (t) => {
  const { host } = await testHost(t, {
    plugins: [triagePlugin],
    config: { pluginOptions: { triage: { repos: ['a/b'] } } },
  })
  await assert.rejects(host.service('triage')!.sweep(), { code: 'TIMMY_ERR_TRIAGE_NO_SOURCE' })
})

test('a malformed rules file fails at use with file:line:col', async (t) => {
  const { box } = await testHost(t, {})
  const rulesFile = join(box.cwd, 'triage-rules.yaml')
  writeFileSync(rulesFile, 'rules:\n  - name: r\n    actions: { lane: nowhere }\n')
  const { host } = await testHost(t, {
    box,
    plugins: [triagePlugin],
    config: { pluginOptions: { triage: { rulesFile, lanes: { coder: { agent: 'c' } } } } },
  })
  assert.throws(
    () => host.service('triage')!.rules(),
    (err: Error & { code?: string; loc?: { line?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_TRIAGE_UNKNOWN_LANE')
      assert.equal(err.loc?.line, 3)
      return true
    },
  )
})
