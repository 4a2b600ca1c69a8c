/** The effect kinds the gitea plugin applies (their payload schemas are in effect-schemas.ts, the code in effects/). */
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
