/**
 * The plan: what a deploy would change in `$HERMES_HOME`, path by path, with the current and the
 * new content (for `--diff`), without writing anything.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DeployPlan } from '../../core/hooks.js'
import type { HermesService } from '../hermes/types.js'
import { type Manifest, sha256 } from './generations.js'
import type { Overlay } from './overlay.js'
import { isOurLink } from './switch-generation.js'

export type PlanAction = 'create' | 'update' | 'unchanged' | 'remove' | 'replace-file' | 'seed' | 'keep'

export interface PlanFile {
  path: string
  target: string
  action: PlanAction
  kind: 'link' | 'seed'
  from?: string
  /** New content (text). */
  content?: string
  /** What is there now (text), for diffs. */
  current?: string
}

export interface Plan extends DeployPlan {
  files: PlanFile[]
  overlay: Overlay
  live: number | null
  changed: boolean
  jobs?: { added: string[]; updated: string[]; removed: string[] }
  commit?: string
}

/** What is at `target` now, for diffs; never the content of a foreign symlink that leaves `$HERMES_HOME`. */
function readCurrent(
  ctx: { home: string; hermesHome: string; hermes: HermesService },
  target: string,
  path: string,
): string | undefined {
  try {
    if (!existsSync(target)) return undefined
    if (
      lstatSync(target).isSymbolicLink() &&
      !isOurLink(ctx.home, target, path) &&
      !ctx.hermes.paths.staysInside(ctx.hermesHome, target)
    )
      return `(${path} is a symlink out of $HERMES_HOME: its content is not read)\n`
    return readFileSync(target, 'utf8')
  } catch {
    return undefined
  }
}

export function planDeploy(
  ctx: { home: string; hermesHome: string; hermes: HermesService; now: () => number },
  overlay: Overlay,
  live: Manifest | null,
  generation: number,
  options: { dryRun: boolean; commit?: string },
): Plan {
  const files: PlanFile[] = []
  const liveByPath = new Map((live?.files ?? []).map((f) => [f.path, f]))
  for (const f of overlay.files) {
    const target = ctx.hermes.paths.resolveInside(ctx.hermesHome, f.path)
    const current = readCurrent(ctx, target, f.path)
    const content = f.content.toString()
    let action: PlanAction
    if (f.kind === 'seed') action = current === undefined ? 'seed' : 'keep'
    else if (!isOurLink(ctx.home, target, f.path) && lexists(target)) action = 'replace-file'
    else if (current === undefined) action = 'create'
    else action = liveByPath.get(f.path)?.sha256 === sha256(f.content) ? 'unchanged' : 'update'
    files.push({
      path: f.path,
      target,
      action,
      kind: f.kind,
      from: f.from,
      content,
      ...(current !== undefined ? { current } : {}),
    })
  }
  const wanted = new Set(overlay.files.map((f) => f.path))
  for (const f of live?.files ?? []) {
    if (f.kind !== 'link' || wanted.has(f.path)) continue
    const target = ctx.hermes.paths.resolveInside(ctx.hermesHome, f.path)
    const current = readCurrent(ctx, target, f.path)
    files.push({
      path: f.path,
      target,
      action: 'remove',
      kind: f.kind,
      ...(current !== undefined ? { current } : {}),
    })
  }
  let jobs: Plan['jobs']
  if (overlay.jobs) {
    const m = ctx.hermes.jobs.merge(
      ctx.hermes.jobs.read(join(ctx.hermesHome, ctx.hermes.paths.files.cronJobs)),
      overlay.jobs,
      ctx.now(),
    )
    jobs = { added: m.added, updated: m.updated, removed: m.removed }
  }
  const jobsChanged = !!jobs && jobs.added.length + jobs.updated.length + jobs.removed.length > 0
  const changed = jobsChanged || files.some((f) => f.action !== 'unchanged' && f.action !== 'keep')
  return {
    generation,
    files,
    dryRun: options.dryRun,
    overlay,
    live: live?.generation ?? null,
    changed,
    ...(jobs ? { jobs } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
  }
}

function lexists(p: string): boolean {
  try {
    lstatSync(p)
    return true
  } catch {
    return false
  }
}
