/** A playbook that thanks whoever opens an issue, with a fixture `timmy test-playbooks` runs. */
import { sampleIssueEvent } from './sample-event.js'

export function playbookFiles(name: string, lane = 'coordinator'): Record<string, string> {
  return {
    [`playbooks/${name}.yaml`]: `name: ${name}
description: Thank whoever opened the issue and say what happens next.
lane: ${lane}
on: { event: issues.opened }
steps:
  - id: thank
    use: playbooks/comment
    with:
      body: "Thanks for the report, @\${{ event.issue.user.login }}: a maintainer will look at #\${{ item.issue }} soon."
`,
    [`playbooks/fixtures/${name}/opened/event.json`]: sampleIssueEvent('opened'),
    [`playbooks/fixtures/${name}/opened/expect.yaml`]: `description: A new issue gets one thank-you comment.
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
