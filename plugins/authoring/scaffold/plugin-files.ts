/**
 * A plugin with one step (`<name>/greet`, a comment on the item's issue) that declares its inputs and
 * outputs, closed options, a playbook that uses the step and the playbook's fixture. TypeScript, loaded
 * by timmy through tsx; `'@timmy-fleet/timmy'` resolves to the running timmy when it is not installed.
 */
import { sampleIssueEvent } from './sample-event.js'
import { schemaModeline } from './schema-modeline.js'

export function pluginFiles(name: string, lane: string): Record<string, string> {
  const playbook = `playbooks/${name}.yaml`
  const expect = `playbooks/fixtures/${name}/labelled/expect.yaml`
  return {
    [`plugins/${name}/index.ts`]: `/** The ${name} plugin: one step, ${name}/greet (plugins/${name}/steps.ts). */
import { definePlugin, Type } from '@timmy-fleet/timmy'

export default definePlugin({
  name: '${name}',
  version: '0.1.0',
  description: 'Greets whoever labels an issue "${name}" (scaffolded by timmy new plugin).',
  // pluginOptions.${name} in timmy.config.ts; checked at boot (an unknown key is an error)
  options: Type.Object(
    { verbose: Type.Boolean({ default: false, description: 'log when the plugin is ready' }) },
    { additionalProperties: false },
  ),
  // Steps run in timmy's worker pool: plain functions over plain data, effects out.
  steps: new URL('./steps.ts', import.meta.url),
  setup(host, options) {
    // Tap hooks, register tasks and effect handlers here; commands go in the definition (see timmy's docs/plugins.md).
    if (options.verbose) host.log.info('${name} plugin ready')
  },
})
`,
    [`plugins/${name}/steps.ts`]: `/** Steps of the ${name} plugin; a playbook calls one as \`use: ${name}/<export>\`. */
import { defineStep, Type } from '@timmy-fleet/timmy'

/** Comment "Hello, <who>!" on the item's issue (an effect: planned in a dry run, applied with --apply). */
export const greet = defineStep({
  // its \`with:\` keys: timmy validate refuses an unknown key or a wrong type
  inputs: Type.Object({ who: Type.String({ description: 'whom to greet' }) }, { additionalProperties: false }),
  // its output: \${{ steps.<id>.output.body }} is checked against this
  outputs: Type.Object({ body: Type.String() }),
  effects: ['gitea.comment'],
  async run(input) {
    const body = \`Hello, \${input.with.who}!\`
    const { repo, issue } = input.item ?? {}
    if (typeof repo !== 'string' || typeof issue !== 'number') throw new Error('run greet on an issue event')
    return { output: { body }, effects: [{ kind: 'gitea.comment', repo, issue, body }] }
  },
})
`,
    [playbook]: `${schemaModeline(playbook, 'playbook')}name: ${name}
description: Greet whoever labels an issue "${name}".
lane: ${lane}
on: { event: issues.labeled, labels: [${name}] }
steps:
  - id: greet
    use: ${name}/greet
    with: { who: "\${{ event.sender.login }}" }
`,
    [`playbooks/fixtures/${name}/labelled/event.json`]: sampleIssueEvent('label_updated', [name]),
    [expect]: `${schemaModeline(expect, 'expect')}description: The "${name}" label gets a greeting.
outcome: ok
steps: { greet: ok }
effects:
  - { kind: gitea.comment, repo: acme/widgets, issue: 1, body: "Hello, alice!" }
`,
  }
}
