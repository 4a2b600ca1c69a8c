/** The built-in commands, loaded lazily (`timmy --version` and `--help` import none of them). */
import type { CliCommand } from './command.js'

type Lazy = { summary: string; load: () => Promise<{ default: CliCommand }> }

export const commands: Record<string, Lazy> = {
  serve: {
    summary: 'Run timmy: store, scheduler, workers and the loopback HTTP server',
    load: () => import('./commands/serve.js'),
  },
  plugins: {
    summary: 'List loaded plugins: version, source, hooks, steps, tasks',
    load: () => import('./commands/plugins.js'),
  },
  validate: {
    summary: 'Validate the config and every YAML under playbooks/, skins/, config/',
    load: () => import('./commands/validate.js'),
  },
  // ── queue (core/queue): tasks, worker ──
  tasks: {
    summary: 'Inspect and steer the task queue: list, show, stats, enqueue, revoke, pause, resume, retry',
    load: () => import('../../plugins/queue/commands/tasks.js'),
  },
  worker: {
    summary: 'Run queue workers (no scheduler, no HTTP server) until SIGINT or SIGTERM',
    load: () => import('../../plugins/queue/commands/worker.js'),
  },

  // ── playbooks (core/playbook): run-playbook, test-playbooks ──
  'run-playbook': {
    summary: 'Run a playbook: a dry run prints the plan; --apply applies its effects',
    load: () => import('../../plugins/playbooks/commands/run-playbook.js'),
  },
  'test-playbooks': {
    summary: 'Run the playbook fixtures and compare the planned effects',
    load: () => import('../../plugins/playbooks/commands/test-playbooks.js'),
  },

  // ── deploy (core/deploy): deploy, rollback, generations, freshness ──
  deploy: {
    summary: 'Validate the Hermes overlay and switch $HERMES_HOME to it as a new generation',
    load: () => import('../../plugins/deploy/commands/deploy.js'),
  },
  rollback: {
    summary: 'Switch $HERMES_HOME back to an earlier generation',
    load: () => import('../../plugins/deploy/commands/rollback.js'),
  },
  generations: {
    summary: 'List deploy generations: which is live, which was last known-good',
    load: () => import('../../plugins/deploy/commands/generations.js'),
  },
  freshness: {
    summary: 'Drift between declared schedules and what Hermes and the queue hold',
    load: () => import('../../plugins/deploy/commands/freshness.js'),
  },

  // ── triage/dispatch: orchestrate, dispatch ──

  // ── hermes bridge: hook, mcp ──
  hook: {
    summary: 'Shell-hook bridge: Hermes hook JSON on stdin → timmy serve → reply on stdout',
    load: () => import('../../plugins/bridge/commands/hook.js'),
  },
  mcp: {
    summary: "MCP server on stdio: timmy's tools (playbooks, budget, lanes, deadman) for Hermes",
    load: () => import('../../plugins/bridge/commands/mcp.js'),
  },
  secret: {
    summary: 'The per-install bridge secret: rotate it, or print where it lives',
    load: () => import('./commands/secret.js'),
  },

  // ── training: train ──
  train: {
    summary: 'Training data: ingest Hermes sessions, curate, validate, export for axolotl',
    load: () => import('../../plugins/provenance/commands/train.js'),
  },

  // ── authoring: init, new, completion ──
  init: {
    summary: 'Start a project in this (empty) folder: config, lanes, a playbook with a fixture',
    load: () => import('./commands/init.js'),
  },
  new: {
    summary: 'Scaffold a plugin or a playbook (with a fixture) in this project',
    load: () => import('./commands/new.js'),
  },
  completion: {
    summary: 'Print a shell completion script: bash, zsh or fish',
    load: () => import('./commands/completion.js'),
  },

  doctor: {
    summary: 'Check Node, paths, permissions and the store',
    load: () => import('./commands/doctor.js'),
  },
}
