/**
 * Built-in plugin `playbooks`: provides the `playbooks` service (load, list, validate, run, enqueue),
 * checks playbooks, lanes.yaml and fixtures in `timmy validate`, offers the queue tasks `work-item`
 * (route a received work item to its matching playbooks) and `playbooks.run` (one durable run), and
 * the general-purpose steps in ./steps.ts. A run whose pipeline or lane a budget holds is deferred in
 * the queue until the budget's window ends (./hold-run.ts).
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import type { TimmyError } from '../../core/errors.js'
import type { WorkItem } from '../../core/hooks.js'
import { packageRoot } from '../../core/package-root.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { PlaybooksOptionsSchema } from './config-schema.js'
import { looksLike } from './detect-kind.js'
import { deferIfHeld } from './hold-run.js'
import { findScheduledPlaybooks } from './scheduled-playbooks.js'
import { createPlaybooksService, RUN_TASK, validateLanes, WORK_ITEM_TASK } from './service.js'
import { validateExpect } from './test-fixtures.js'
import { workItemFrom } from './work-item.js'

export default definePlugin({
  name: 'playbooks',
  version: '0.1.0',
  commands,
  provides: ['playbooks'],
  // the writes of its general-purpose steps (playbooks/label, comment, assign)
  effects: { emits: ['gitea.label', 'gitea.comment', 'gitea.assign'] },
  description: 'YAML playbooks and lanes: validate, run (dry or applied), report.',
  dependencies: ['pool'],
  steps: new URL('./steps.js', import.meta.url),
  options: PlaybooksOptionsSchema,
  movedFrom: 'playbook',
  setup(host, options) {
    const { builtin, keepRuns } = options
    // dir is relative to the project (the config's folder), wherever timmy was started in it
    const root = host.paths.project ?? process.cwd()
    const dir = resolve(root, options.dir)
    const shipped = resolve(packageRoot(), 'playbooks')
    const effects = host.effects ?? new Map()
    const plugins = () => host.plugins?.() ?? []
    const service = createPlaybooksService(
      {
        hooks: host.hooks,
        effects,
        checkEffect: (effect) => host.checkEffect(effect),
        plugins,
        maybeUse: (name) => host.maybeUse(name),
        store: () => host.store(),
        log: host.log,
      },
      {
        dir,
        ...(builtin ? { builtinDir: shipped } : {}),
        keepRuns,
        stepTimeoutMs: host.use('pool').stepTimeoutMs,
      },
    )
    host.provide('playbooks', service)

    // `timmy validate` checks a file as the kinds its content shows (wherever it lives); by path
    // (relative to the project folder) only when no validator recognises the content.
    const rel = relative(root, dir).split('\\').join('/')
    const prefix = isAbsolute(rel) || rel.startsWith('..') ? undefined : rel ? `${rel}/` : ''
    const inDir = (p: string) =>
      prefix !== undefined && p.startsWith(prefix) && !p.slice(prefix.length).includes('/')
    host.registerValidator({
      name: 'lanes',
      match: (p) => inDir(p) && /(^|\/)lanes\.ya?ml$/i.test(p),
      detect: (source) => looksLike(source, 'lanes'),
      validate: (source) => validateLanes(source),
    })
    host.registerValidator({
      name: 'playbook',
      match: (p) => inDir(p) && /\.ya?ml$/i.test(p) && !/(^|\/)lanes\.ya?ml$/i.test(p),
      detect: (source) => looksLike(source, 'playbook'),
      validate: (source) => service.check(source),
    })
    host.registerValidator({
      name: 'playbook fixture',
      match: (p) => prefix !== undefined && p.startsWith(`${prefix}fixtures/`) && /\/expect\.ya?ml$/i.test(p),
      detect: (source) => looksLike(source, 'expect'),
      validate: (source) => validateExpect(source),
    })

    // The project's scheduled playbooks become periodic queue tasks (run and applied at each instant the
    // queue fires). timmy's shipped playbooks are only run on request: copy one into the playbooks dir to schedule it.
    const skipSchedule = (err: TimmyError) => host.log.warn({ code: err.code }, err.message)
    for (const pb of findScheduledPlaybooks(service.dirs().slice(0, 1), skipSchedule)) {
      host.registerTask({
        name: `${RUN_TASK}.${pb.name}`,
        description: `Run playbook ${pb.name} on its schedule.`,
        schedule: pb.schedule,
        ...(pb.timezone ? { timezone: pb.timezone } : {}),
        catchUp: 'latest',
        async handler(_args, ctx) {
          await deferIfHeld(host.maybeUse('budget'), await service.load(pb.file))
          const item = workItemFrom({
            event: 'schedule',
            source: 'schedule',
            payload: { schedule: pb.schedule },
          })
          const report = await service.run(pb.file, { item, apply: true, signal: ctx.signal })
          return { runId: report.runId, outcome: report.outcome }
        },
      })
    }

    // A received work item (the gitea receiver enqueues it under `work-item`): every project playbook
    // whose `on:` matches gets its own durable `playbooks.run` job (keyed by playbook and item, so a
    // redelivered item runs nothing twice), or runs now when there is no queue.
    host.registerTask({
      name: WORK_ITEM_TASK,
      description: 'Find the playbooks whose on: matches a work item and enqueue a run of each.',
      async handler(args) {
        const item = args as WorkItem
        const runs: { playbook: string; queued: boolean; id?: unknown; outcome?: string }[] = []
        // Like schedules, events start only the project's playbooks: shipped ones run when named.
        const project = service.dirs()[0]!
        for (const pb of await service.matching(item)) {
          if (dirname(pb.file) !== project) continue
          const r = await service.enqueue(pb.file, item)
          runs.push(
            r.queued
              ? { playbook: pb.name, queued: true, id: r.id }
              : { playbook: pb.name, queued: false, outcome: r.report.outcome },
          )
        }
        host.log.info(
          { item: item.id, event: item.event, runs: runs.length },
          'work item routed to playbooks',
        )
        return { item: item.id, event: item.event, runs }
      },
    })

    host.registerTask({
      name: RUN_TASK,
      description: 'Run a playbook for a work item, applying its effects (durable runs).',
      async handler(args, ctx) {
        const { playbook, item } = args as { playbook: string; item: WorkItem }
        await deferIfHeld(host.maybeUse('budget'), await service.load(playbook))
        const report = await service.run(playbook, { item, apply: true, signal: ctx.signal })
        return { runId: report.runId, outcome: report.outcome }
      },
    })
  },
})
