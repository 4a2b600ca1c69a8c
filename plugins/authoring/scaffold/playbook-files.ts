/**
 * `timmy new playbook <name>`: a playbook of its own, started by the label `<name>` on an issue, that
 * comments naming itself (a starting point to replace), with a fixture `timmy test-playbooks` runs.
 */
import { sampleIssueEvent } from './sample-event.js'
import { schemaModeline } from './schema-modeline.js'

export function playbookFiles(name: string, lane: string): Record<string, string> {
  const playbook = `playbooks/${name}.yaml`
  const expect = `playbooks/fixtures/${name}/labelled/expect.yaml`
  return {
    [playbook]: `${schemaModeline(playbook, 'playbook')}name: ${name}
description: What happens when an issue is labelled "${name}" (scaffolded by timmy new playbook).
lane: ${lane}
on: { event: issues.labeled, labels: [${name}] }
steps:
  # Replace this step with the playbook's work; \`timmy run-playbook --list\` shows the steps there are.
  - id: acknowledge
    use: playbooks/comment
    with:
      body: "@\${{ event.sender.login }} labelled this issue ${name}: the ${name} playbook (lane ${lane}) takes it from here."
`,
    [`playbooks/fixtures/${name}/labelled/event.json`]: sampleIssueEvent('label_updated', [name]),
    [expect]: `${schemaModeline(expect, 'expect')}description: The "${name}" label gets one comment from the ${name} playbook.
outcome: ok
steps: { acknowledge: ok }
effects:
  - kind: gitea.comment
    repo: acme/widgets
    issue: 1
    body: { match: "labelled this issue ${name}: the ${name} playbook" }
`,
  }
}
