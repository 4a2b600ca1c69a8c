/** `timmy init`'s playbook: thank whoever opens an issue, with a fixture `timmy test-playbooks` runs. */
import { sampleIssueEvent } from './sample-event.js'
import { schemaModeline } from './schema-modeline.js'

export function welcomeFiles(lane = 'coordinator'): Record<string, string> {
  const playbook = 'playbooks/welcome.yaml'
  const expect = 'playbooks/fixtures/welcome/opened/expect.yaml'
  return {
    [playbook]: `${schemaModeline(playbook, 'playbook')}name: welcome
description: Thank whoever opened the issue and say what happens next.
lane: ${lane}
on: { event: issues.opened }
steps:
  - id: thank
    use: playbooks/comment
    with:
      body: "Thanks for the report, @\${{ event.issue.user.login }}: a maintainer will look at #\${{ item.issue }} soon."
`,
    'playbooks/fixtures/welcome/opened/event.json': sampleIssueEvent('opened'),
    [expect]: `${schemaModeline(expect, 'expect')}description: A new issue gets one thank-you comment.
outcome: ok
steps: { thank: ok }
effects:
  - kind: gitea.comment
    repo: acme/widgets
    issue: 1
    body: { match: "^Thanks for the report, @alice" }
`,
  }
}
