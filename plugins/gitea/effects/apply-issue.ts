import type { GiteaClient } from '../client.js'
import type { GiteaIssueEffect } from '../effects.js'
import { need } from './need.js'

/** `gitea.issue`: open an issue (title, optional body and label names). */
export async function applyIssue(client: GiteaClient, e: GiteaIssueEffect): Promise<Record<string, unknown>> {
  need(e, typeof e.title === 'string' && e.title.trim() !== '', 'title must be a non-empty string')
  need(e, e.body === undefined || typeof e.body === 'string', 'body must be a string')
  need(
    e,
    e.labels === undefined || (Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string')),
    'labels must be names',
  )
  const i = await client.createIssue(e.repo, {
    title: e.title,
    ...(e.body !== undefined ? { body: e.body } : {}),
    ...(e.labels?.length ? { labels: e.labels } : {}),
  })
  return { repo: e.repo, issue: i.number, url: i.html_url }
}
