/**
 * The environment of a child process timmy starts (deadman `check`/`restart`/`probe` commands, agents):
 * an allow-list, never timmy's whole environment, so the Gitea token, the webhook secret and API keys
 * timmy holds do not reach commands that do not need them. Passed: PATH, HOME, LANG, LC_*, TERM,
 * TMPDIR, USER, LOGNAME, TZ, plus the names the operator lists (`pass`), then the values given (`set`).
 * `git` (the config-repo pull) also gets GIT_CHILD_ENV_NAMES; `flock` (Hermes' cron lock) the list alone.
 */

/** Names every child gets when timmy has them. */
export const CHILD_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'LANG',
  'TERM',
  'TMPDIR',
  'USER',
  'LOGNAME',
  'TZ',
]

/**
 * What git needs beyond the list, for ssh remotes (the agent socket, an ssh command) and proxies of
 * https remotes. Its config comes from HOME.
 */
export const GIT_CHILD_ENV_NAMES: readonly string[] = [
  'SSH_AUTH_SOCK',
  'GIT_SSH_COMMAND',
  'GIT_SSH',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
]

export function childEnv(
  o: { pass?: readonly string[]; set?: Readonly<Record<string, string>> } = {},
  from: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {}
  const names = new Set([...CHILD_ENV_NAMES, ...(o.pass ?? [])])
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined) continue
    if (names.has(name) || name.startsWith('LC_')) env[name] = value
  }
  return { ...env, ...o.set }
}
