import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseYamlText } from '../../core/config/yaml-source.js'
import { parseLanes } from '../../plugins/playbooks/load-lanes.js'
import { parsePlaybook } from '../../plugins/playbooks/load-playbook.js'
import type { StepCatalog, StepInfo } from '../../plugins/playbooks/step-catalog.js'

const STEPS: Record<string, string[]> = { alpha: ['start', 'add', 'label', 'orphan'], beta: ['double'] }
const DECLARED: Record<string, string[]> = {
  'alpha/label': ['test.label'],
  'alpha/orphan': ['nobody.handles'],
}
export const catalog: StepCatalog = {
  get(use) {
    const [plugin, name] = use.split('/') as [string, string]
    if (!STEPS[plugin]?.includes(name)) return undefined
    const info: StepInfo = { use, plugin, name, module: `file:///${plugin}.js` }
    return DECLARED[use] ? { ...info, effects: DECLARED[use] } : info
  },
  plugins: new Map(Object.entries(STEPS).map(([p, steps]) => [p, { steps }])),
}
const lanes = parseLanes(
  parseYamlText('lanes:\n  coder: { wizard: coder }\n  ops: { wizard: ops }\n', 'lanes.yaml'),
)
const ctx = { lanes, catalog, handled: new Set(['test.label']) }

const HEAD = 'name: bad\nlane: coder\non: manual\n'

/** [what is wrong, YAML, code, line, col] */
const CASES: [string, string, string, number, number][] = [
  ['tab indentation', `${HEAD}steps:\n\t- use: alpha/start\n`, 'YAML_TABS', 5, 1],
  ['a duplicate key', `${HEAD}lane: ops\nsteps:\n  - use: alpha/start\n`, 'YAML_DUPLICATE_KEY', 4, 1],
  ['a YAML syntax error', `${HEAD}steps: [ { use: alpha/start }\n`, 'YAML_SYNTAX', 5, 1],
  ['an empty file', '', 'YAML_EMPTY', 0, 0],
  ['a list at the top level', '- use: alpha/start\n', 'SCHEMA_INVALID', 1, 1],
  [
    'an unknown top-level key',
    `${HEAD}stepz: []\nsteps:\n  - use: alpha/start\n`,
    'SCHEMA_UNKNOWN_KEY',
    4,
    1,
  ],
  [
    'an unknown key in a step',
    `${HEAD}steps:\n  - use: alpha/start\n    wiht: { n: 1 }\n`,
    'SCHEMA_UNKNOWN_KEY',
    6,
    5,
  ],
  ['a missing name', 'lane: coder\non: manual\nsteps:\n  - use: alpha/start\n', 'SCHEMA_INVALID', 1, 1],
  [
    'a name of the wrong type',
    'name: 42\nlane: coder\non: manual\nsteps:\n  - use: alpha/start\n',
    'SCHEMA_INVALID',
    1,
    7,
  ],
  [
    'a name with capitals',
    'name: Bad\nlane: coder\non: manual\nsteps:\n  - use: alpha/start\n',
    'SCHEMA_INVALID',
    1,
    7,
  ],
  ['empty steps', `${HEAD}steps: []\n`, 'SCHEMA_INVALID', 4, 8],
  ['steps that are not a list', `${HEAD}steps: { use: alpha/start }\n`, 'SCHEMA_INVALID', 4, 8],
  ['a use without a plugin', `${HEAD}steps:\n  - use: start\n`, 'SCHEMA_INVALID', 5, 10],
  [
    'with that is not a mapping',
    `${HEAD}steps:\n  - use: alpha/start\n    with: [1, 2]\n`,
    'SCHEMA_INVALID',
    6,
    11,
  ],
  [
    'a timeout that is not a duration',
    `${HEAD}steps:\n  - use: alpha/start\n    timeout: 5 minutes\n`,
    'SCHEMA_INVALID',
    6,
    14,
  ],
  [
    'a negative budget',
    `${HEAD}budget: { tokens: -5 }\nsteps:\n  - use: alpha/start\n`,
    'SCHEMA_INVALID',
    4,
    19,
  ],
  [
    'an invalid trigger',
    'name: bad\nlane: coder\non: sometimes\nsteps:\n  - use: alpha/start\n',
    'SCHEMA_INVALID',
    3,
    5,
  ],
  [
    'an empty event list',
    'name: bad\nlane: coder\non: { event: [] }\nsteps:\n  - use: alpha/start\n',
    'SCHEMA_INVALID',
    3,
    5,
  ],
  ['a step id with capitals', `${HEAD}steps:\n  - id: Start\n    use: alpha/start\n`, 'SCHEMA_INVALID', 5, 9],
  [
    'an unknown lane',
    'name: bad\nlane: codr\non: manual\nsteps:\n  - use: alpha/start\n',
    'PLAYBOOK_UNKNOWN_LANE',
    2,
    7,
  ],
  [
    'an invalid cron expression',
    'name: bad\nlane: coder\non:\n  schedule: "61 * * * *"\nsteps:\n  - use: alpha/start\n',
    'PLAYBOOK_BAD_CRON',
    4,
    13,
  ],
  [
    'a cron expression with too few fields',
    'name: bad\nlane: coder\non: { schedule: "every day" }\nsteps:\n  - use: alpha/start\n',
    'PLAYBOOK_BAD_CRON',
    3,
    17,
  ],
  [
    'an unknown plugin',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: gamma/start\n`,
    'PLAYBOOK_UNKNOWN_PLUGIN',
    6,
    10,
  ],
  [
    'an unknown step of a known plugin',
    `${HEAD}steps:\n  - use: alpha/strat\n`,
    'PLAYBOOK_UNKNOWN_STEP',
    5,
    10,
  ],
  [
    'a duplicate step id',
    `${HEAD}steps:\n  - id: a\n    use: alpha/start\n  - id: a\n    use: beta/double\n`,
    'PLAYBOOK_DUPLICATE_STEP_ID',
    7,
    9,
  ],
  [
    'an if: that does not parse',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: beta/double\n    if: steps.start.output.n ==\n`,
    'PLAYBOOK_BAD_EXPRESSION',
    7,
    32,
  ],
  [
    'an if: with an unknown name',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: beta/double\n    if: "outputs.start == 1"\n`,
    'PLAYBOOK_BAD_EXPRESSION',
    7,
    10,
  ],
  [
    'an if: on an unknown step',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: beta/double\n    if: steps.strat.output.n > 1\n`,
    'PLAYBOOK_UNKNOWN_REF',
    7,
    9,
  ],
  [
    'an if: on the step itself',
    `${HEAD}steps:\n  - id: a\n    use: alpha/start\n    if: steps.a.output\n`,
    'PLAYBOOK_IF_CYCLE',
    7,
    9,
  ],
  [
    'two steps whose if: refer to each other',
    `${HEAD}steps:\n  - id: a\n    use: alpha/start\n    if: steps.b.output\n  - id: b\n    use: beta/double\n    if: "!steps.a.output"\n`,
    'PLAYBOOK_IF_CYCLE',
    7,
    9,
  ],
  [
    'an if: on a later step',
    `${HEAD}steps:\n  - id: a\n    use: alpha/start\n    if: steps.b.output\n  - id: b\n    use: beta/double\n`,
    'PLAYBOOK_FORWARD_REF',
    7,
    9,
  ],
  [
    'a with: template that does not parse',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: beta/double\n    with: { n: "\${{ steps.start.output. }}" }\n`,
    'PLAYBOOK_BAD_EXPRESSION',
    7,
    41,
  ],
  [
    'a with: template without its closing braces',
    `${HEAD}steps:\n  - use: alpha/start\n  - use: beta/double\n    with:\n      n: "x \${{ steps.start.output.n"\n`,
    'PLAYBOOK_BAD_EXPRESSION',
    8,
    13,
  ],
  [
    'a with: template on a later step',
    `${HEAD}steps:\n  - use: alpha/start\n    with:\n      n: "\${{ steps.double.output.n }}"\n  - use: beta/double\n`,
    'PLAYBOOK_FORWARD_REF',
    7,
    15,
  ],
  [
    'a step whose effects no plugin handles',
    `${HEAD}steps:\n  - use: alpha/orphan\n`,
    'PLAYBOOK_UNHANDLED_EFFECT',
    5,
    10,
  ],
]

for (const [what, yaml, code, line, col] of CASES) {
  test(`a playbook with ${what} fails with ${code} at ${line}:${col}`, () => {
    assert.throws(
      () => parsePlaybook(parseYamlText(yaml, 'playbooks/bad.yaml'), ctx),
      (err: any) => {
        assert.equal(err.code, `TIMMY_ERR_${code}`, err.message)
        assert.equal(err.loc?.file, 'playbooks/bad.yaml')
        if (line) {
          assert.equal(err.loc?.line, line, err.message)
          assert.equal(err.loc?.col, col, err.message)
          assert.equal(err.loc?.source, yaml.split('\n')[line - 1], 'the offending line is shown')
        }
        return true
      },
    )
  })
}

test('the malformed cases cover at least 25 distinct mistakes', () => {
  assert.ok(CASES.length >= 25)
})

test('a valid playbook loads, with ids named after their steps and repeats numbered', () => {
  const pb = parsePlaybook(
    parseYamlText(
      `${HEAD}steps:\n  - use: alpha/start\n  - use: alpha/add\n  - use: alpha/add\n    timeout: 30s\n`,
      'playbooks/bad.yaml',
    ),
    ctx,
  )
  assert.deepEqual(
    pb.steps.map((s) => s.id),
    ['start', 'add', 'add-2'],
  )
  assert.equal(pb.steps[2]!.timeoutMs, 30_000)
  assert.deepEqual(pb.warnings, [])
})

const LANE_CASES: [string, string, string, number, number][] = [
  ['a lane without a wizard', 'lanes:\n  coder: { toolsets: [file] }\n', 'SCHEMA_INVALID', 2, 10],
  [
    'an unknown lane key',
    'lanes:\n  coder:\n    wizard: coder\n    maxConcurent: 2\n',
    'SCHEMA_UNKNOWN_KEY',
    4,
    5,
  ],
  ['a lane name with capitals', 'lanes:\n  Coder: { wizard: coder }\n', 'PLAYBOOK_BAD_LANE_NAME', 2, 3],
  [
    'budget shares over 1',
    'lanes:\n  a: { wizard: a, budgetShare: 0.7 }\n  b: { wizard: b, budgetShare: 0.6 }\n',
    'PLAYBOOK_BUDGET_SHARES',
    2,
    3,
  ],
]
for (const [what, yaml, code, line, col] of LANE_CASES) {
  test(`a lanes file with ${what} fails with ${code} at ${line}:${col}`, () => {
    assert.throws(
      () => parseLanes(parseYamlText(yaml, 'playbooks/lanes.yaml')),
      (err: any) => {
        assert.equal(err.code, `TIMMY_ERR_${code}`, err.message)
        assert.equal(err.loc?.line, line, err.message)
        assert.equal(err.loc?.col, col, err.message)
        return true
      },
    )
  })
}
