/**
 * The Gitea effects a playbook step may return (applied by the `gitea` plugin's handlers, or planned
 * in a dry run). `repo` is `owner/name`; `issue` is the issue or PR number.
 */

import type { Effect } from '../../core/hooks.js'
import type { MergeStyle } from './api-types.js'
import type { GiteaClient } from './client.js'
import { applyIssue } from './effects/apply-issue.js'
import { applyAssign, applyClose, applyComment, applyUnlabel } from './effects/apply-issue-edits.js'
import { applyLabel } from './effects/apply-label.js'
import { applyPrCreate, applyPrMerge } from './effects/apply-pull.js'
import { need } from './effects/need.js'
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

export { GITEA_EFFECT_KINDS } from './effect-kinds.js'

/** Apply one Gitea effect through the client; returns a short, token-free summary. Each kind is in `effects/`. */
export async function applyGiteaEffect(
  client: GiteaClient,
  effect: Effect,
): Promise<Record<string, unknown>> {
  const e = effect as GiteaEffect
  need(effect, typeof e.repo === 'string' && e.repo.includes('/'), 'repo must be "owner/name"')
  if (e.kind !== 'gitea.pr.create' && e.kind !== 'gitea.issue')
    need(effect, Number.isInteger(e.issue) && e.issue > 0, 'issue must be a positive number')
  switch (e.kind) {
    case 'gitea.label':
      return applyLabel(client, e)
    case 'gitea.unlabel':
      return applyUnlabel(client, e)
    case 'gitea.comment':
      return applyComment(client, e)
    case 'gitea.assign':
      return applyAssign(client, e)
    case 'gitea.close':
      return applyClose(client, e)
    case 'gitea.issue':
      return applyIssue(client, e)
    case 'gitea.pr.create':
      return applyPrCreate(client, e)
    case 'gitea.pr.merge':
      return applyPrMerge(client, e)
    default:
      throw E.GITEA_BAD_EFFECT({ kind: String(effect.kind), reason: 'not a Gitea effect' }, { exitCode: 1 })
  }
}
