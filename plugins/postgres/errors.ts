/** The `postgres` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    POSTGRES_UNREACHABLE: (a: { url: string; reason: string }) =>
      `cannot reach the PostgreSQL server ${a.url}: ${a.reason}. Check store.url in the config and that the server is running and accepts this user.`,
    POSTGRES_NOT_CONFIGURED: () =>
      'no PostgreSQL server is configured. Set store: { url: "postgres://user@host:5432/db" } in the config for a fleet.',
    POSTGRES_MIGRATION_FAILED: (a: { module: string; version: number; reason: string }) =>
      `migration ${a.version} of ${a.module}'s PostgreSQL tables failed: ${a.reason}. Nothing of it was applied; fix the cause and start again.`,
  }),
}
