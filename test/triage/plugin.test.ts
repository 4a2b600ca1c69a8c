import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import triagePlugin from '../../plugins/triage/index.js'
import { testHost } from '../helpers/host.js'

const rulesYaml = `mode: first-match
rules:
  - name: bugs
    match: { title: "/crash|error|bug/i" }
    actions: { labels: [bug], lane: coder, comment: "Routed to {{lane}}." }
  - name: docs
    match: { title: "/docs|typo/i" }
    actions: { labels: [docs], priority: p3 }
`

// The dry run vs --confirm equality is tested against the fake Gitea through the real CLI: gitea-sweep.test.ts.

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
  await assert.rejects(
    host.service('triage')!.rules(),
    (err: Error & { code?: string; loc?: { line?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_TRIAGE_UNKNOWN_LANE')
      assert.equal(err.loc?.line, 3)
      return true
    },
  )
})
