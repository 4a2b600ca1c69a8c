import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseYamlText } from '../../core/config/yaml-source.js'
import { compileRulesFile } from '../../plugins/triage/compile-rules.js'
import { referencesIssue } from '../../plugins/triage/linked-pulls.js'

const lanes = ['coordinator', 'ops', 'coder', 'reviewer']
const compile = (text: string) => compileRulesFile(parseYamlText(text, 'rules.yaml'), lanes)

const BAD: { name: string; yaml: string; code: string; line: number; col?: number }[] = [
  {
    name: 'a bad regex',
    yaml: 'rules:\n  - name: r\n    match:\n      title: "/(unclosed/i"\n    actions: { labels: [x] }\n',
    code: 'TIMMY_ERR_TRIAGE_BAD_REGEX',
    line: 4,
    col: 14,
  },
  {
    name: 'an unknown action',
    yaml: 'rules:\n  - name: r\n    actions:\n      lable: [x]\n',
    code: 'TIMMY_ERR_TRIAGE_UNKNOWN_ACTION',
    line: 4,
    col: 7,
  },
  {
    name: 'an unknown lane',
    yaml: 'rules:\n  - name: r\n    actions:\n      lane: codr\n',
    code: 'TIMMY_ERR_TRIAGE_UNKNOWN_LANE',
    line: 4,
    col: 13,
  },
  {
    name: 'an unknown match',
    yaml: 'rules:\n  - name: r\n    match: { titel: x }\n    actions: { labels: [x] }\n',
    code: 'TIMMY_ERR_TRIAGE_UNKNOWN_MATCH',
    line: 3,
  },
  {
    name: 'labels as a string',
    yaml: 'rules:\n  - name: r\n    actions:\n      labels: bug\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 4,
  },
  {
    name: 'no rules',
    yaml: 'mode: first-match\nrules: []\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 2,
  },
  {
    name: 'an unknown mode',
    yaml: 'mode: any\nrules:\n  - name: r\n    actions: {}\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 1,
  },
  {
    name: 'a bad age',
    yaml: 'rules:\n  - name: r\n    match:\n      age: { older_than: 3 days }\n    actions: {}\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 4,
  },
  {
    name: 'a rule without a name',
    yaml: 'rules:\n  - actions: {}\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 2,
  },
  {
    name: 'a bad label colour',
    yaml: 'labelColors: { bug: red }\nrules:\n  - name: r\n    actions: {}\n',
    code: 'TIMMY_ERR_TRIAGE_RULES_INVALID',
    line: 1,
  },
]

for (const c of BAD) {
  test(`malformed rules with ${c.name} give ${c.code} at the right line`, () => {
    assert.throws(
      () => compile(c.yaml),
      (err: Error & { code?: string; loc?: { line?: number; col?: number } }) => {
        assert.equal(err.code, c.code)
        assert.equal(err.loc?.line, c.line, err.message)
        if (c.col) assert.equal(err.loc?.col, c.col, err.message)
        assert.match(err.message, /rules\.yaml:\d+:\d+/)
        return true
      },
    )
  })
}

test('unknown actions and lanes come with a did-you-mean', () => {
  assert.throws(() => compile('rules:\n  - name: r\n    actions: { lable: [x] }\n'), /Did you mean "labels"/)
  assert.throws(() => compile('rules:\n  - name: r\n    actions: { lane: codr }\n'), /Did you mean "coder"/)
})

test('pull requests reference an issue by branch or by #N in the body, not by a longer number', () => {
  assert.ok(referencesIssue({ title: '', body: 'Fixes #12', head: { ref: 'x' } }, 12))
  assert.ok(referencesIssue({ title: '', body: '', head: { ref: 'fix/issue-12' } }, 12))
  assert.ok(referencesIssue({ title: '', body: '', head: { ref: 'timmy/12-crash' } }, 12))
  assert.ok(!referencesIssue({ title: '', body: 'See #123', head: { ref: 'fix/issue-123' } }, 12))
  assert.ok(!referencesIssue({ title: '', body: 'color &#12;', head: { ref: 'main' } }, 12))
})
