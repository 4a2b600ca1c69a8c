import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Run the playbook fixtures (fixtures/<playbook>/<case>/) and compare the planned effects',
  description:
    "For each fixtures/<playbook>/<case>/ under the playbooks folder (default: the project's pluginOptions.playbooks.dir;\n" +
    'outside a project it is an error), runs the playbook dry on event.json and checks expect.yaml:\n' +
    'triggered, outcome, step outcomes, the planned effects (fields equal, or { match: regex }), or an\n' +
    'expected error code. Steps may be stubbed in expect.yaml, so no model or Gitea is needed.\n' +
    'Prints a table; exit code 1 when any case differs, each difference at its expect.yaml line.\n' +
    'A stub keyed to no step of the playbook, or a case without event.json, is an error.\n' +
    '--update rewrites the expect.yaml of each failing case from its run (passing ones stay as written);\n' +
    '--watch runs again on every change (Ctrl-C stops).\n' +
    "Cases run on a throwaway store and HERMES_HOME (removed at the end): a stub's usage never reaches\n" +
    "the operator's ledger or token_usage.jsonl, and what the operator spent so far never vetoes a case.",
  args: '[dirs...]',
  options: {
    playbook: { type: 'string', value: 'name', description: 'run the cases of this playbook only' },
    update: { type: 'boolean', description: "rewrite a failing case's expect.yaml from its run" },
    watch: { type: 'boolean', description: 're-run the cases when a playbook or fixture changes' },
  },
  async run(ctx) {
    const { testPlaybooks } = await import('./test-playbooks/run.js')
    return testPlaybooks(ctx)
  },
})
