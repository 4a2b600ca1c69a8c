/**
 * The Gitea effects a playbook step may return (applied by the `gitea` plugin's handlers, or planned
 * in a dry run). `repo` is `owner/name`; `issue` is the issue or PR number.
 */

import type { Effect } from '../../core/hooks.js'
import type { MergeStyle } from './api-types.js'
import type { GiteaClient } from './client.js'
import { E } from './errors.js'

export interface GiteaLabelEffect extends Effect {
  kind: 'gitea.label'
  repo: string
  issue: number
  labels: string[]
  /** Create missing labels (with `color`). */
  create?: boolean
  color?: string
  /** Colours (`rrggbb`) by label name: a missing label named here is created with its colour. */
  colors?: Record<string, string>
}
export interface GiteaUnlabelEffect extends Effect {
  kind: 'gitea.unlabel'
  repo: string
  issue: number
  /** Names to remove; ones the issue does not carry are skipped. */
  labels: string[]
}
export interface GiteaCommentEffect extends Effect {
  kind: 'gitea.comment'
  repo: string
  issue: number
  body: string
}
export interface GiteaAssignEffect extends Effect {
  kind: 'gitea.assign'
  repo: string
  issue: number
  /** Replaces the whole set. */
  assignees: string[]
}
export interface GiteaCloseEffect extends Effect {
  kind: 'gitea.close'
  repo: string
  issue: number
}
/** Open an issue (an alert, a report); returns `{ repo, issue, url }`. */
export interface GiteaIssueEffect extends Effect {
  kind: 'gitea.issue'
  repo: string
  title: string
  body?: string
  /** Label names that exist in the repo. */
  labels?: string[]
}
export interface GiteaPrCreateEffect extends Effect {
  kind: 'gitea.pr.create'
  repo: string
  head: string
  base: string
  title: string
  body?: string
}
export interface GiteaPrMergeEffect extends Effect {
  kind: 'gitea.pr.merge'
  repo: string
  /** The PR number. */
  issue: number
  do?: MergeStyle
  title?: string
  message?: string
  deleteBranch?: boolean
}

export type GiteaEffect =
  | GiteaLabelEffect
  | GiteaUnlabelEffect
  | GiteaCommentEffect
  | GiteaAssignEffect
  | GiteaCloseEffect
  | GiteaIssueEffect
  | GiteaPrCreateEffect
  | GiteaPrMergeEffect

export const GITEA_EFFECT_KINDS = [
  'gitea.label',
  'gitea.unlabel',
  'gitea.comment',
  'gitea.assign',
  'gitea.close',
  'gitea.issue',
  'gitea.pr.create',
  'gitea.pr.merge',
] as const

/** Apply one Gitea effect through the client; returns a short, token-free summary. */
export async function applyGiteaEffect(
  client: GiteaClient,
  effect: Effect,
): Promise<Record<string, unknown>> {
  const e = effect as GiteaEffect
  const need = (ok: boolean, reason: string) => {
    if (!ok) throw E.GITEA_BAD_EFFECT({ kind: effect.kind, reason }, { exitCode: 1 })
  }
  need(typeof e.repo === 'string' && e.repo.includes('/'), 'repo must be "owner/name"')
  if (e.kind !== 'gitea.pr.create' && e.kind !== 'gitea.issue')
    need(Number.isInteger(e.issue) && e.issue > 0, 'issue must be a positive number')
  switch (e.kind) {
    case 'gitea.label': {
      need(Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string'), 'labels must be names')
      const colors = e.colors ?? {}
      need(
        Object.values(colors).every((c) => typeof c === 'string' && /^#?[0-9a-fA-F]{6}$/.test(c)),
        'colors must map label names to rrggbb',
      )
      // Labels with a given colour that the repo lacks are created with it first.
      const named = e.labels.filter((l) => colors[l] !== undefined)
      if (named.length) {
        const existing = new Set((await client.listLabels(e.repo)).map((l) => l.name))
        for (const name of named)
          if (!existing.has(name)) await client.createLabel(e.repo, name, colors[name])
      }
      const labels = await client.addLabels(e.repo, e.issue, e.labels, {
        ...(e.create ? { create: true } : {}),
        ...(e.color ? { color: e.color } : {}),
      })
      return { repo: e.repo, issue: e.issue, labels: labels.map((l) => l.name) }
    }
    case 'gitea.unlabel': {
      need(Array.isArray(e.labels) && e.labels.every((l) => typeof l === 'string'), 'labels must be names')
      const removed = await client.removeLabels(e.repo, e.issue, e.labels)
      return { repo: e.repo, issue: e.issue, removed }
    }
    case 'gitea.comment': {
      need(typeof e.body === 'string' && e.body !== '', 'body must be a non-empty string')
      const c = await client.createComment(e.repo, e.issue, e.body)
      return { repo: e.repo, issue: e.issue, comment: c.id, url: c.html_url }
    }
    case 'gitea.assign': {
      need(Array.isArray(e.assignees), 'assignees must be a list of usernames')
      const i = await client.assign(e.repo, e.issue, e.assignees)
      return { repo: e.repo, issue: e.issue, assignees: (i.assignees ?? []).map((u) => u.login) }
    }
    case 'gitea.close': {
      const i = await client.closeIssue(e.repo, e.issue)
      return { repo: e.repo, issue: e.issue, state: i.state }
    }
    case 'gitea.issue': {
      need(typeof e.title === 'string' && e.title.trim() !== '', 'title must be a non-empty string')
      need(e.body === undefined || typeof e.body === 'string', 'body must be a string')
      need(
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
    case 'gitea.pr.create': {
      need(
        typeof e.head === 'string' && typeof e.base === 'string' && typeof e.title === 'string',
        'head, base and title are required',
      )
      const pr = await client.createPull(e.repo, {
        head: e.head,
        base: e.base,
        title: e.title,
        ...(e.body !== undefined ? { body: e.body } : {}),
      })
      return { repo: e.repo, pr: pr.number, url: pr.html_url }
    }
    case 'gitea.pr.merge': {
      await client.mergePull(e.repo, e.issue, {
        ...(e.do ? { do: e.do } : {}),
        ...(e.title !== undefined ? { title: e.title } : {}),
        ...(e.message !== undefined ? { message: e.message } : {}),
        ...(e.deleteBranch !== undefined ? { deleteBranch: e.deleteBranch } : {}),
      })
      return { repo: e.repo, pr: e.issue, merged: true }
    }
    default:
      throw E.GITEA_BAD_EFFECT({ kind: String(effect.kind), reason: 'not a Gitea effect' }, { exitCode: 1 })
  }
}
