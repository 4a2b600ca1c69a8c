import type { GiteaClient } from '../client.js'
import type { GiteaLabelEffect } from '../effects.js'
import { need } from './need.js'

/** `gitea.label`: create coloured labels the repo lacks, then add the labels (creating others when asked). */
export async function applyLabel(client: GiteaClient, e: GiteaLabelEffect): Promise<Record<string, unknown>> {
  need(e, Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string'), 'labels must be names')
  const colors = e.colors ?? {}
  need(
    e,
    Object.values(colors).every((c) => typeof c === 'string' && /^#?[0-9a-fA-F]{6}$/.test(c)),
    'colors must map label names to rrggbb',
  )
  // Labels with a given colour that the repo lacks are created with it first.
  const named = e.labels.filter((l) => colors[l] !== undefined)
  if (named.length) {
    const existing = new Set((await client.listLabels(e.repo)).map((l) => l.name))
    for (const name of named) if (!existing.has(name)) await client.createLabel(e.repo, name, colors[name])
  }
  const labels = await client.addLabels(e.repo, e.issue, e.labels, {
    ...(e.create ? { create: true } : {}),
    ...(e.color ? { color: e.color } : {}),
  })
  return { repo: e.repo, issue: e.issue, labels: labels.map((l) => l.name) }
}
