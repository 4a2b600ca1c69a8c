/** The `dispatch` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    DISPATCH_AGENT_FAILED: (a: { outcome: string; exitCode: string; stderr: string }) =>
      `the agent run ended "${a.outcome}" (exit code ${a.exitCode})${a.stderr ? `: ${a.stderr}` : ''}. Read the agent's log; the issue stays open for another run.`,
    DISPATCH_BINARY_MISSING: (a: { bin: string; key: string }) =>
      `the agent command "${a.bin}" was not found. Install Hermes, or set ${a.key} to the path of the hermes executable.`,
    DISPATCH_FAILED: (a: { reason: string }) => `dispatch failed: ${a.reason}.`,
    DISPATCH_BAD_PROFILE: (a: { profile: string }) =>
      `"${a.profile}" is not a Hermes profile name. Give the lane's \`wizard\` in playbooks/lanes.yaml as letters, digits, ., _ or -.`,
    DISPATCH_TOOLSETS_WIDEN: (a: { step: string; lane: string; extra: string; allowed: string }) =>
      `step "${a.step}" asks for toolsets ${a.extra}, which lane "${a.lane}" does not allow (its toolsets: ${a.allowed}). A step may narrow its lane's toolsets, never widen them: remove them from \`with.toolsets\` or add them to the lane in lanes.yaml.`,
    DISPATCH_BAD_USAGE_FILE: (a: { file: string; reason: string }) =>
      `the usage file ${a.file} written by the agent is not valid JSON (${a.reason}); the run's tokens could not be counted.`,
    DISPATCH_ENDPOINT_FAILED: (a: { url: string; status: number | string }) =>
      `the chat endpoint ${a.url} answered ${a.status}. Check dispatch.endpoint.url, the model name and the API key variable.`,
  }),
}
