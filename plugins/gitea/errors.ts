/** The `gitea` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    GITEA_NOT_FOUND: (a: { method: string; path: string; message: string }) =>
      `Gitea answered 404 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Check the owner/repo and number, and that the token's user can see the repository (a private repo answers 404).`,
    GITEA_UNAUTHORIZED: (a: { method: string; path: string; message: string }) =>
      `Gitea refused the token (401) for ${a.method} ${a.path}${a.message ? `: ${a.message}` : ''}. Create a new access token and write it to $HERMES_HOME/gitea_token (chmod 600).`,
    GITEA_FORBIDDEN: (a: { method: string; path: string; message: string }) =>
      `Gitea answered 403 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Give the token's user write access to the repository, or a token with the missing scope.`,
    GITEA_CONFLICT: (a: { method: string; path: string; message: string }) =>
      `Gitea answered 409 for ${a.method} ${a.path}${a.message ? ` (${a.message})` : ''}. Re-read the item and retry with its current state.`,
    GITEA_VALIDATION: (a: { method: string; path: string; status: number; message: string }) =>
      `Gitea rejected ${a.method} ${a.path} as invalid (${a.status})${a.message ? `: ${a.message}` : ''}. Fix the request fields named in the message.`,
    GITEA_RATE_LIMITED: (a: { method: string; path: string; status: number; retryAfterMs?: number }) =>
      `Gitea (or a proxy before it) is rate-limiting ${a.method} ${a.path} (${a.status}${a.retryAfterMs !== undefined ? `, retry after ${Math.ceil(a.retryAfterMs / 1000)} s` : ''}). Lower pluginOptions.gitea.writesPerMinute or wait, then retry.`,
    GITEA_SERVER_ERROR: (a: { method: string; path: string; status: number; message: string }) =>
      `Gitea failed on ${a.method} ${a.path} (${a.status})${a.message ? `: ${a.message}` : ''}. Check the server's health and logs; idempotent requests were already retried.`,
    GITEA_NETWORK: (a: { method: string; path: string; reason: string }) =>
      `cannot reach Gitea for ${a.method} ${a.path}: ${a.reason}. Check pluginOptions.gitea.url (or GITEA_URL) and the network.`,
    GITEA_TIMEOUT: (a: { method: string; path: string; timeoutMs: number }) =>
      `Gitea did not answer ${a.method} ${a.path} within ${a.timeoutMs} ms. Raise pluginOptions.gitea.timeoutMs or check the server.`,
    GITEA_MERGE_NOT_ALLOWED: (a: { path: string; message: string }) =>
      `Gitea will not merge ${a.path} (405): ${a.message || 'not allowed'}. Wait for checks/approvals, mark the PR ready, or pick a merge style the repository allows.`,
    GITEA_MERGE_CONFLICT: (a: { path: string; message: string }) =>
      `merging ${a.path} conflicts (409): ${a.message || 'conflict'}. Update the PR branch from its base and resolve the conflicts, then merge again.`,
    GITEA_UNKNOWN_USER: (a: { users: string }) =>
      `unknown Gitea user(s): ${a.users}. Check the usernames (Gitea answers 500 for an unknown assignee, so timmy checks first).`,
    GITEA_UNKNOWN_LABEL: (a: { repo: string; labels: string }) =>
      `the repository ${a.repo} has no label(s) ${a.labels}. Create them in Gitea, or pass create: true to have timmy create them.`,
    GITEA_BAD_REPO: (a: { repo: string }) => `"${a.repo}" is not a repository name. Write it as owner/name.`,
    GITEA_NO_URL: () =>
      'no Gitea URL is configured. Set pluginOptions.gitea.url in timmy.config.ts or the GITEA_URL environment variable.',
    GITEA_NO_TOKEN: (a: { tried: string }) =>
      `no Gitea token found (looked in ${a.tried}). Write the token to $HERMES_HOME/gitea_token and run "chmod 600" on it, or set pluginOptions.gitea.tokenFile.`,
    GITEA_TOKEN_INSECURE: (a: { file: string; mode: string }) =>
      `the token file ${a.file} is readable by other users (mode ${a.mode}). Run "chmod 600 ${a.file}" so only you can read it.`,
    GITEA_TOKEN_UNREADABLE: (a: { file: string; reason: string }) =>
      `cannot read the token file ${a.file}: ${a.reason}. Check the path and that it belongs to the user running timmy.`,
    GITEA_WEBHOOK_NO_SECRET: () =>
      'the Gitea webhook receiver has no secret, so it refuses deliveries. Set pluginOptions.gitea.webhookSecret (or GITEA_WEBHOOK_SECRET) to the secret configured on the Gitea webhook, or set pluginOptions.gitea.insecure: true on a trusted network only.',
    GITEA_BAD_EFFECT: (a: { kind: string; reason: string }) =>
      `effect ${a.kind} is malformed: ${a.reason}. Fix the step that produced it.`,
  }),
}
