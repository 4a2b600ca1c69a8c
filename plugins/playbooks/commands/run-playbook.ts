import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Run a playbook: a dry run prints the plan; --apply applies its effects',
  args: '[file|name]',
  description:
    'Runs every step of the playbook in the worker pool and prints the plan: each step, its input and ' +
    'output, every effect it would apply, tokens and time. Nothing is written to Gitea, Hermes or files ' +
    'unless --apply is given (the run report is kept in the store either way).\n\n' +
    'Exit code: 0 ok, 1 a step failed (or the run was vetoed), 2 invalid input.',
  options: {
    event: {
      type: 'string',
      value: 'file',
      description: 'a Gitea webhook payload, or a work item { "event": …, "payload": {…} }',
    },
    issue: {
      type: 'string',
      value: 'o/r#N',
      description: 'fetch the issue through the gitea service and run on it',
    },
    with: {
      type: 'string',
      multiple: true,
      value: 'key=value',
      description: 'a run parameter (expressions see it as with.key); repeatable; JSON values allowed',
    },
    apply: { type: 'boolean', description: 'apply the effects through their handlers' },
    verbose: {
      type: 'boolean',
      description: "print each step's input whole (the plan shortens long values)",
    },
    list: { type: 'boolean', description: 'list the playbooks found' },
    runs: { type: 'boolean', description: 'list recent runs' },
    show: { type: 'string', value: 'run-id', description: 'print a stored run report' },
  },
  async run(ctx) {
    const { runPlaybook } = await import('./run-playbook/run.js')
    return runPlaybook(ctx)
  },
})
