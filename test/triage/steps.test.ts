import assert from 'node:assert/strict'
import { test } from 'node:test'
import { classify } from '../../plugins/triage/steps.js'

const item = (title: string, body = '', labels: string[] = []) => ({
  repo: 'acme/widgets',
  issue: 7,
  payload: {
    issue: {
      number: 7,
      title,
      body,
      state: 'open',
      user: { login: 'alice' },
      labels: labels.map((name) => ({ name })),
    },
    repository: { full_name: 'acme/widgets' },
  },
})

test('triage/classify names the kind, labels and lane from the built-in rules', async () => {
  assert.deepEqual((await classify({ item: item('Crash on save') })).output, {
    kind: 'bug',
    labels: ['bug'],
    lane: 'coder',
    rules: ['bug'],
  })
  assert.equal((await classify({ item: item('SQL injection in search') })).output.kind, 'security')
  assert.deepEqual((await classify({ item: item('Hello there') })).output, {
    kind: 'unclassified',
    labels: [],
    lane: 'coordinator',
    rules: [],
  })
})

test("triage/classify compiles the rules given in with: and, with apply, returns the sweep's effects", async () => {
  const rules = {
    labelColors: { ui: '#123456' },
    rules: [{ name: 'ui', match: { title: '/button/i' }, actions: { labels: ['ui'], lane: 'coder' } }],
  }
  const dry = await classify({ with: { rules }, item: item('The button is blue') })
  assert.deepEqual(dry.output.labels, ['ui'])
  assert.equal('effects' in dry, false)
  const applied = await classify({
    with: { rules, apply: true, laneAgents: { coder: 'coder-bot' } },
    item: item('The button is blue'),
  })
  assert.deepEqual(applied.effects, [
    {
      kind: 'gitea.label',
      repo: 'acme/widgets',
      issue: 7,
      labels: ['ui', 'triaged'],
      colors: { ui: '#123456', triaged: '#c5def5' },
    },
    { kind: 'gitea.assign', repo: 'acme/widgets', issue: 7, assignees: ['coder-bot'] },
  ])
  await assert.rejects(classify({ with: { rules: { rules: [] } }, item: item('x') }), {
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
  })
})
