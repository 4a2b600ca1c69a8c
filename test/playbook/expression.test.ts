import assert from 'node:assert/strict'
import { test } from 'node:test'
import { evaluate, parseExpression, stepRefs } from '../../plugins/playbooks/expression.js'
import { compileTemplate, renderTemplate } from '../../plugins/playbooks/template.js'

const scope = {
  steps: { classify: { output: { kind: 'bug', labels: ['bug', 'p1'], score: 0.8 }, outcome: 'ok' } },
  event: { issue: { title: 'Crash', labels: [{ name: 'bug' }] } },
  with: { dry: true },
  item: { repo: 'acme/widgets', issue: 5 },
}
const ev = (src: string) => evaluate(parseExpression(src), scope)

test('expressions compare, combine and test membership over earlier outputs', () => {
  assert.equal(ev("steps.classify.output.kind == 'bug'"), true)
  assert.equal(ev("steps.classify.output.kind != 'bug' || with.dry"), true)
  assert.equal(ev('steps.classify.output.score >= 0.5 && !with.dry'), false)
  assert.equal(ev("'p1' in steps.classify.output.labels"), true)
  assert.equal(ev("'Cra' in event.issue.title"), true)
  assert.equal(ev('event.issue.labels[0].name'), 'bug')
  assert.equal(ev('steps.missing.output.x == null'), true)
  assert.equal(ev("(steps.classify.outcome == 'ok') && item.issue > 3"), true)
  assert.equal(ev("with.repo || 'every repo'"), 'every repo')
  assert.equal(ev("item.repo || 'every repo'"), 'acme/widgets')
})

test('expressions report the step ids they read, with offsets', () => {
  assert.deepEqual(stepRefs(parseExpression('steps.a.output && !steps.b.output')), [
    { id: 'a', at: 0 },
    { id: 'b', at: 19 },
  ])
})

test('a bad expression throws with the offset of the problem', () => {
  assert.throws(
    () => parseExpression('steps.a.output =='),
    (e: any) => e.offset === 17,
  )
  assert.throws(
    () => parseExpression('process.exit(1)'),
    (e: any) => e.offset === 0,
  )
  assert.throws(
    () => parseExpression("'open"),
    (e: any) => e.offset === 0,
  )
})

test('a template that is one expression keeps its type; mixed text is joined', () => {
  const t = compileTemplate({
    labels: '${{ steps.classify.output.labels }}',
    note: 'kind ${{ steps.classify.output.kind }}!',
    n: 3,
  })
  assert.deepEqual(renderTemplate(t, scope), { labels: ['bug', 'p1'], note: 'kind bug!', n: 3 })
})
