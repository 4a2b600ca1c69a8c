/** The `hosts` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    HOSTS_SILENT: (a: { host: string; seconds: number; at: string }) =>
      `host ${a.host} has not beaten for ${a.seconds}s (last beat ${a.at}): check that its "timmy serve" runs and reaches the store. The alert clears when it beats again.`,
  }),
}
