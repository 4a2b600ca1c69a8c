/** The `playbooks` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    PLAYBOOK_UNKNOWN_PLUGIN: (a: { use: string; plugin: string; suggestion?: string }) =>
      `step "${a.use}" names plugin "${a.plugin}", which is not loaded or has no steps.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Install or enable the plugin (see "timmy plugins"), or fix "use:".`,
    PLAYBOOK_UNKNOWN_STEP: (a: { use: string; plugin: string; known: string; suggestion?: string }) =>
      `plugin "${a.plugin}" has no step "${a.use}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Its steps: ${a.known || '(none)'}.`,
    PLAYBOOK_UNKNOWN_LANE: (a: { lane: string; known: string; suggestion?: string }) =>
      `unknown lane "${a.lane}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Lanes in lanes.yaml: ${a.known || '(none)'}.`,
    PLAYBOOK_LANES_NOT_FOUND: (a: { path: string }) =>
      `no lanes file at ${a.path}. Put a lanes.yaml (with "lanes:") beside the playbooks.`,
    PLAYBOOK_BAD_LANE_NAME: (a: { lane: string }) =>
      `lane name "${a.lane}" is invalid: use lowercase letters, digits and "-".`,
    PLAYBOOK_BUDGET_SHARES: (a: { total: number }) =>
      `the lanes' budgetShare values add up to ${a.total}, more than 1. Lower some shares so they sum to at most 1.`,
    PLAYBOOK_BAD_CRON: (a: { expr: string; reason: string }) =>
      `"${a.expr}" is not a valid cron expression (${a.reason}). Write 5 or 6 fields, e.g. "*/5 * * * *".`,
    PLAYBOOK_DUPLICATE_STEP_ID: (a: { id: string }) =>
      `two steps have the id "${a.id}". Give one of them its own "id:".`,
    PLAYBOOK_BAD_EXPRESSION: (a: { expr: string; reason: string }) =>
      `cannot parse the expression "${a.expr}": ${a.reason}. Write e.g. steps.classify.output.kind == 'bug'.`,
    PLAYBOOK_UNKNOWN_REF: (a: { ref: string; known: string; suggestion?: string }) =>
      `the expression refers to step "${a.ref}", which this playbook does not have.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Step ids: ${a.known || '(none)'}.`,
    PLAYBOOK_FORWARD_REF: (a: { step: string; ref: string }) =>
      `step "${a.step}" refers to step "${a.ref}", which runs later (or is itself). Refer only to earlier steps, or move the step.`,
    PLAYBOOK_IF_CYCLE: (a: { cycle: string }) =>
      `the steps' "if:"/"with:" references form a cycle: ${a.cycle}. Break it: a step may only use outputs of earlier steps.`,
    PLAYBOOK_UNHANDLED_EFFECT: (a: { kind: string; step: string; known: string }) =>
      `step "${a.step}" produces effect "${a.kind}", which no plugin handles. Enable the plugin that handles it (handled kinds: ${a.known || 'none'}).`,
    PLAYBOOK_EFFECT_FAILED: (a: { kind: string; step: string; reason: string }) =>
      `applying effect "${a.kind}" of step "${a.step}" failed: ${a.reason.replace(/\.$/, '')}. Later effects and steps were not applied; fix the cause and run again.`,
    PLAYBOOK_RECORD_FAILED: (a: { plugin: string; hook: string; reason: string }) =>
      `plugin "${a.plugin}" could not record ${a.hook === 'usage' ? "this run's token usage" : 'a step of this run'} (${a.hook} hook): ${a.reason}. The work was done but its record is missing: fix the cause, then check \`timmy budget report\`.`,
    PLAYBOOK_NEEDS_OUTPUT: (a: { step: string; ref: string; outcome: string }) =>
      `step "${a.step}" reads the output of step "${a.ref}", which ${a.outcome === 'skipped' ? 'was skipped' : a.outcome === 'vetoed' ? 'was vetoed' : 'failed'}; it was not run.`,
    PLAYBOOK_NO_FIXTURES: (a: { name: string; searched: string; suggestion?: string }) =>
      `no fixtures for playbook "${a.name}" (no fixtures/${a.name}/<case>/ in ${a.searched}).${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Add a case folder with event.json and expect.yaml, or leave out --playbook.`,
    PLAYBOOK_SERVICE_MISSING: () =>
      'the "playbooks" plugin is not loaded. Remove "playbooks" from disabledPlugins in the config.',
    PLAYBOOK_GITEA_UNAVAILABLE: (a: { reason: string }) =>
      `--issue needs the Gitea client, but ${a.reason}. Enable the gitea plugin and configure gitea in the config, or pass --event <file> instead.`,
    PLAYBOOK_BAD_ISSUE_REF: (a: { ref: string }) =>
      `"${a.ref}" is not an issue reference. Write owner/repo#N, e.g. acme/widgets#5.`,
    PLAYBOOK_BAD_WITH: (a: { arg: string }) =>
      `--with "${a.arg}" is not key=value. Write e.g. --with dryRun=true.`,
    PLAYBOOK_BAD_EVENT: (a: { reason: string }) =>
      `the event is not usable: ${a.reason}. Give a Gitea webhook payload or a work item { event, payload }.`,
    PLAYBOOK_EVENT_NEEDED: (a: { playbook: string; values: string; example?: string }) =>
      `playbook "${a.playbook}" reads ${a.values} from the event, and no event was given (they would be empty). Pass --event <file.json> (a Gitea webhook payload or a work item)${a.example ? `, e.g. --event ${a.example}` : ''}, or --issue owner/repo#N.`,
    PLAYBOOK_REPO_NOT_ALLOWED: (a: { lane: string; repo: string; allowed: string }) =>
      `lane "${a.lane}" may not touch ${a.repo} (allowed: ${a.allowed}). Add the repo to the lane's "repos:" in lanes.yaml, or route it to another lane.`,
    PLAYBOOK_EFFECT_REPO_NOT_ALLOWED: (a: {
      kind: string
      step: string
      repo: string
      lane: string
      allowed: string
    }) =>
      `step "${a.step}" produces effect "${a.kind}" on ${a.repo}, which lane "${a.lane}" may not touch (allowed: ${a.allowed || 'none'}); the step's effects were refused. Add the repo to the lane's "repos:" in lanes.yaml, or aim the step at a repo the lane takes.`,
    PLAYBOOK_RUN_NOT_FOUND: (a: { id: string }) =>
      `no stored run "${a.id}". List recent runs with "timmy run-playbook --runs".`,
    PLAYBOOK_FIXTURE_INVALID: (a: { reason: string }) => `invalid playbook fixture: ${a.reason}.`,
    PLAYBOOK_UNKNOWN_INPUT: (a: { step: string; key: string; known: string; suggestion?: string }) =>
      `step ${a.step} takes no input "${a.key}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Its inputs: ${a.known}.`,
    PLAYBOOK_BAD_INPUT: (a: { step: string; key: string; expected: string; found: string }) =>
      `input "${a.key}" of step ${a.step} must be ${a.expected}, found ${a.found}. Fix the value under with:.`,
    PLAYBOOK_MISSING_INPUT: (a: { step: string; key: string; expected: string }) =>
      `step ${a.step} needs input "${a.key}" (${a.expected}). Add it under with:.`,
    PLAYBOOK_BAD_OUTPUT_PATH: (a: { path: string; reason: string; suggestion?: string }) =>
      `"${a.path}" names nothing: ${a.reason}.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''}`,
    PLAYBOOK_UNKNOWN_EVENT: (a: { event: string; suggestion?: string; known: string }) =>
      `timmy receives no event "${a.event}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Events: ${a.known} (or <event>.* for every action).`,
    PLAYBOOK_NO_PROJECT: (a: { cwd: string }) =>
      `no timmy project here: no timmy.config.* and no playbooks/ folder in ${a.cwd} or any folder above it. Run it inside a project, give the playbooks folder (timmy test-playbooks <dir>), or pass --config.`,
    PLAYBOOK_FIXTURE_UNKNOWN_STUB: (a: {
      key: string
      playbook: string
      known: string
      suggestion?: string
    }) =>
      `stub "${a.key}" names no step of playbook ${a.playbook}.${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Key a stub by a step id or its use: ${a.known}.`,
    PLAYBOOK_FIXTURE_NO_EVENT: (a: { dir: string }) =>
      `fixture ${a.dir} has no event.json. Save the webhook payload (or a work item { event, payload }) there; for a manual run write { "event": "manual", "payload": {} }.`,
    PLAYBOOK_FIXTURE_MISMATCH: (a: { what: string }) =>
      `${a.what}. Fix the playbook, or the expectation (timmy test-playbooks --update rewrites it from the run).`,
    PLAYBOOK_NOT_FOUND: (a: { name: string; searched: string; suggestion?: string }) =>
      `no playbook "${a.name}" (looked in ${a.searched}).${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Give a file path or the name of a playbooks/<name>.yaml.`,
  }),
}
