/** A Gitea `issues` webhook payload for a scaffolded fixture (the fields timmy reads, in Gitea's shape). */
export function sampleIssueEvent(action: 'opened' | 'label_updated', labels: string[] = []): string {
  const repo = { id: 1, name: 'widgets', full_name: 'acme/widgets', owner: { id: 1, login: 'acme' } }
  const event = {
    action,
    number: 1,
    issue: {
      id: 1001,
      number: 1,
      title: 'The widget list is empty',
      body: 'GET /widgets answers [] since the last deploy.',
      user: { id: 7, login: 'alice', username: 'alice' },
      labels: labels.map((name, i) => ({ id: 10 + i, name, color: 'ee0701', description: '' })),
      state: 'open',
      comments: 0,
      repository: repo,
    },
    repository: repo,
    sender: { id: 7, login: 'alice', username: 'alice' },
  }
  return `${JSON.stringify(event, null, 2)}\n`
}
