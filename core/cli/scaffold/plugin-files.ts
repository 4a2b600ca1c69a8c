/**
 * A plugin with one step (`<name>/greet`, a comment on the item's issue), a playbook that uses it and
 * the playbook's fixture. TypeScript, loaded by timmy through tsx; the type import is erased at load.
 */
import { sampleIssueEvent } from './sample-event.js'

export function pluginFiles(name: string): Record<string, string> {
  return {
    [`plugins/${name}/index.ts`]: `/** The ${name} plugin: one step, ${name}/greet (plugins/${name}/steps.ts). */
import type { PluginDefinition } from '@timmy-fleet/timmy'

const plugin: PluginDefinition = {
  name: '${name}',
  version: '0.1.0',
  description: 'Greets whoever labels an issue "${name}" (scaffolded by timmy new plugin).',
  // Steps run in timmy's worker pool: plain functions over plain data, effects out.
  steps: new URL('./steps.ts', import.meta.url),
  setup(host) {
    // Tap hooks, register commands, tasks and effect handlers here (see timmy's README, "Plugins").
    host.log.debug('${name} plugin ready')
  },
}

export default plugin
`,
    [`plugins/${name}/steps.ts`]: `/** Steps of the ${name} plugin; a playbook calls one as \`use: ${name}/<export>\`. */
interface StepInput {
  with: Record<string, unknown>
  item?: { repo?: string; issue?: number }
}

/** Comment "Hello, <who>!" on the item's issue (an effect: planned in a dry run, applied with --apply). */
export async function greet(input: StepInput) {
  const body = \`Hello, \${String(input.with.who ?? 'there')}!\`
  const { repo, issue } = input.item ?? {}
  if (typeof repo !== 'string' || typeof issue !== 'number') throw new Error('run greet on an issue event')
  return { output: { body }, effects: [{ kind: 'gitea.comment', repo, issue, body }] }
}
greet.effects = ['gitea.comment']
`,
    [`playbooks/${name}.yaml`]: `name: ${name}
description: Greet whoever labels an issue "${name}".
lane: coordinator
on: { event: issues.labeled, labels: [${name}] }
steps:
  - id: greet
    use: ${name}/greet
    with: { who: "\${{ event.sender.login }}" }
`,
    [`playbooks/fixtures/${name}/labelled/event.json`]: sampleIssueEvent('label_updated', [name]),
    [`playbooks/fixtures/${name}/labelled/expect.yaml`]: `description: The "${name}" label gets a greeting.
outcome: ok
steps: { greet: ok }
effects:
  - { kind: gitea.comment, repo: acme/widgets, issue: 1, body: "Hello, alice!" }
`,
  }
}
