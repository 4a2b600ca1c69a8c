import assert from 'node:assert/strict'
import { test } from 'node:test'
import { matchesTrigger } from '../../plugins/playbooks/match-trigger.js'
import { workItemFrom } from '../../plugins/playbooks/work-item.js'

const issue = (action: string, labels: string[]) => ({
  action,
  number: 5,
  issue: { number: 5, title: 't', labels: labels.map((name, id) => ({ id, name })) },
  repository: { full_name: 'acme/widgets' },
})

test('a Gitea payload becomes a work item whose event is inferred from its shape', () => {
  const item = workItemFrom(issue('opened', []))
  assert.equal(item.event, 'issues.opened')
  assert.equal(item.repo, 'acme/widgets')
  assert.equal(item.issue, 5)
  assert.equal(workItemFrom(issue('label_updated', ['bug'])).event, 'issues.labeled')
  assert.equal(workItemFrom({ action: 'created', issue: {}, comment: {} }).event, 'issue_comment.created')
  assert.equal(workItemFrom({ ref: 'refs/heads/main', commits: [] }).event, 'push')
})

test('a plain work item keeps its event and payload; nothing at all is a manual run', () => {
  const item = workItemFrom({ event: 'schedule', payload: { at: 1 } })
  assert.equal(item.event, 'schedule')
  assert.deepEqual(item.payload, { at: 1 })
  assert.equal(workItemFrom(undefined).event, 'manual')
})

test('a payload of no known shape is a coded error', () => {
  assert.throws(() => workItemFrom({ hello: 'world' }), { code: 'TIMMY_ERR_PLAYBOOK_BAD_EVENT' })
  assert.throws(() => workItemFrom([1]), { code: 'TIMMY_ERR_PLAYBOOK_BAD_EVENT' })
})

test('triggers match event names, label filters and repo patterns', () => {
  const labeled = workItemFrom(issue('label_updated', ['Bug']))
  assert.equal(matchesTrigger({ event: 'issues.labeled', labels: ['bug'] }, labeled), true)
  assert.equal(matchesTrigger({ event: 'issues.labeled', labels: ['feature'] }, labeled), false)
  assert.equal(matchesTrigger({ event: ['issues.opened', 'issues.*'] }, labeled), true)
  assert.equal(matchesTrigger({ event: 'issues.labeled', repos: ['acme/*'] }, labeled), true)
  assert.equal(matchesTrigger({ event: 'issues.labeled', repos: ['other/*'] }, labeled), false)
  assert.equal(matchesTrigger('manual', labeled), false)
  assert.equal(
    matchesTrigger({ schedule: '* * * * *' }, workItemFrom({ event: 'schedule', payload: {} })),
    true,
  )
})
