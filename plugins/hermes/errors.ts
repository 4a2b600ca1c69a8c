/** The `hermes` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    DEPLOY_PATH_ESCAPE: (a: { path: string; root: string }) =>
      `refusing to write ${a.path}: it resolves outside ${a.root}. Remove the symlink or rename the overlay file.`,
    HERMES_CRON_BAD_SCHEDULE: (a: { schedule: string }) =>
      `schedule "${a.schedule}" is not one Hermes understands. Use a 5-field cron ("0 9 * * *"), "every 30m", a duration ("2h") or an ISO time.`,
    HERMES_CRON_UNSAFE: (a: { field: string; reason: string }) =>
      `cron job field "${a.field}" is not argv-safe: ${a.reason}. Name a script file under $HERMES_HOME/scripts/ (letters, digits, . _ - /), never a shell command.`,
    HERMES_CRON_DUPLICATE_ID: (a: { id: string }) =>
      `two cron jobs have the id "${a.id}". Give each job its own id.`,
    HERMES_JOBS_UNREADABLE: (a: { file: string; reason: string }) =>
      `cannot read Hermes' ${a.file}: ${a.reason}. Fix or move the file aside (Hermes recreates it), then deploy again.`,
    HERMES_LOCK_TIMEOUT: (a: { file: string; seconds: number }) =>
      `timed out after ${a.seconds}s waiting for the lock ${a.file} (Hermes is writing its cron jobs). Try again in a moment.`,
    HERMES_STATE_DB_UNREADABLE: (a: { file: string; reason: string }) =>
      `cannot read Hermes' state.db ${a.file}: ${a.reason}. Check the path and that it is Hermes' state.db (timmy opens it read-only); if Hermes was busy writing, try again.`,
    HERMES_LOCK_UNAVAILABLE: (a: { file: string }) =>
      `cannot take Hermes' lock ${a.file}: flock(1) is not on the PATH, and timmy never writes cron/jobs.json without it. Install flock (util-linux; on macOS "brew install flock") and deploy again; nothing was changed.`,
  }),
}
