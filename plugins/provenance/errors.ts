/** The `provenance` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    TRAIN_NO_SOURCES: (a: { looked: string }) =>
      `no Hermes sessions to ingest (looked at ${a.looked}). Point --state-db at a state.db, or give --export / --trajectories / --snapshots files.`,
  }),
}
