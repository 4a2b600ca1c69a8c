/**
 * TypeBox payload schemas of the Gitea effects (the gitea plugin declares them under `effects.handles`,
 * so every effect is checked before it is applied or planned). Extra fields are allowed; the ones a
 * handler reads must have the right type.
 */
import { Type as T, type TSchema } from '@sinclair/typebox'

const Repo = T.String({
  pattern: '^(?!\\.\\.?/)[A-Za-z0-9_.-]+/(?!\\.\\.?$)[A-Za-z0-9_.-]+$',
  description: 'owner/name',
})
const Issue = T.Integer({ minimum: 1 })
const Names = T.Array(T.String({ minLength: 1 }))
const of = (kind: string, props: Record<string, TSchema>) =>
  T.Object({ kind: T.Literal(kind), ...props }, { additionalProperties: true })

export const GITEA_EFFECT_SCHEMAS: Readonly<Record<string, TSchema>> = Object.freeze({
  'gitea.label': of('gitea.label', {
    repo: Repo,
    issue: Issue,
    labels: Names,
    create: T.Optional(T.Boolean()),
    color: T.Optional(T.String()),
    colors: T.Optional(T.Record(T.String(), T.String())),
  }),
  'gitea.unlabel': of('gitea.unlabel', { repo: Repo, issue: Issue, labels: Names }),
  'gitea.comment': of('gitea.comment', { repo: Repo, issue: Issue, body: T.String({ minLength: 1 }) }),
  'gitea.assign': of('gitea.assign', { repo: Repo, issue: Issue, assignees: Names }),
  'gitea.close': of('gitea.close', { repo: Repo, issue: Issue }),
  'gitea.issue': of('gitea.issue', {
    repo: Repo,
    title: T.String({ minLength: 1 }),
    body: T.Optional(T.String()),
    labels: T.Optional(Names),
  }),
  'gitea.pr.create': of('gitea.pr.create', {
    repo: Repo,
    head: T.String({ minLength: 1 }),
    base: T.String({ minLength: 1 }),
    title: T.String({ minLength: 1 }),
    body: T.Optional(T.String()),
  }),
  'gitea.pr.merge': of('gitea.pr.merge', {
    repo: Repo,
    issue: Issue,
    do: T.Optional(T.String()),
    title: T.Optional(T.String()),
    message: T.Optional(T.String()),
    deleteBranch: T.Optional(T.Boolean()),
  }),
})
