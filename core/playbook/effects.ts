/**
 * The typed effects playbook steps return (writes to shared state). Handlers are registered by the
 * plugins that own the target (`host.registerEffect('gitea.label', …)`); a dry run only records them.
 * Other kinds are allowed: any `{ kind: string, … }` whose kind some plugin handles.
 */
import type { Effect } from '../hooks.js'

export interface GiteaLabelEffect extends Effect {
  kind: 'gitea.label'
  repo: string
  issue: number
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
  assignees: string[]
}
export interface GiteaCloseEffect extends Effect {
  kind: 'gitea.close'
  repo: string
  issue: number
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
  pr: number
  method?: 'merge' | 'rebase' | 'squash'
}
export interface AgentDispatchEffect extends Effect {
  kind: 'agent.dispatch'
  lane: string
  wizard: string
  prompt: string
  repo?: string
  issue?: number
}
export interface FileWriteEffect extends Effect {
  kind: 'file.write'
  path: string
  content: string
}

export type KnownEffect =
  | GiteaLabelEffect
  | GiteaCommentEffect
  | GiteaAssignEffect
  | GiteaCloseEffect
  | GiteaPrCreateEffect
  | GiteaPrMergeEffect
  | AgentDispatchEffect
  | FileWriteEffect

/** One effect in a run report: planned (dry run) or applied (with the handler's answer or error). */
export interface EffectRecord {
  effect: Effect
  status: 'planned' | 'applied' | 'failed' | 'not-applied'
  result?: unknown
  error?: { code?: string; message: string }
}
