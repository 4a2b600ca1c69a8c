/** The `bridge` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    HERMES_EVENT_INVALID: (a: { path: string; expected: string }) =>
      `Hermes event is invalid at "${a.path}": expected ${a.expected}. Send {"hook": "<Hermes hook name>", "kwargs": {…}} as the timmy-bridge plugin and "timmy hook" do.`,
    HERMES_EVENT_MALFORMED: (a: { reason: string }) =>
      `the request to /hermes/events is not usable: ${a.reason}. POST JSON (content-type application/json): one event or an array of events.`,
    HERMES_EVENT_TOO_LARGE: (a: { limit: number }) =>
      `the request to /hermes/events is over the ${a.limit}-byte limit. Trim the event (drop conversation_history and raw requests) or raise pluginOptions.bridge.maxBodyBytes.`,
    HERMES_BATCH_TOO_LARGE: (a: { count: number; limit: number }) =>
      `a batch of ${a.count} events is over the limit of ${a.limit}. Send smaller batches, or raise pluginOptions.bridge.maxBatch.`,
    HERMES_BRIDGE_OVERLOADED: (a: { inFlight: number; limit: number }) =>
      `timmy is already processing ${a.inFlight} Hermes events (limit ${a.limit}); this request was refused, not lost. Retry later, or raise pluginOptions.bridge.maxInFlight.`,
    HERMES_SERVICE_MISSING: (a: { tool: string; service: string }) =>
      `"${a.tool}" needs the "${a.service}" service, which no loaded plugin provides. Enable the plugin that provides "${a.service}" (see "timmy plugins"), then restart "timmy mcp".`,
    HERMES_SERVICE_UNSUPPORTED: (a: { tool: string; service: string; method: string }) =>
      `"${a.tool}" needs "${a.service}.${a.method}()", which the loaded "${a.service}" service does not offer. Update the plugin that provides "${a.service}".`,
    HERMES_BRIDGE_NOT_RUNNING: (a: { home: string }) =>
      `timmy serve is not running (no live ${a.home}/bridge.json of this user). Start "timmy serve" with the same TIMMY_HOME.`,
    HERMES_BRIDGE_UNREACHABLE: (a: { url: string; reason: string }) =>
      `timmy serve does not answer at ${a.url} (${a.reason}). Start "timmy serve" with the same TIMMY_HOME.`,
    HERMES_TOOL_BAD_ARGS: (a: { tool: string; reason: string }) =>
      `bad arguments for "${a.tool}": ${a.reason}. See the tool's input schema (tools/list).`,
    HERMES_PLAYBOOK_NOT_A_NAME: (a: { given: string }) =>
      `run_playbook takes the name of a playbook in the project's playbooks folder (e.g. "bug-fixer"), not a path: got ${JSON.stringify(a.given.slice(0, 120))}. Add the playbook to the project's playbooks/ and call it by name.`,
  }),
}
