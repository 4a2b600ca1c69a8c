/** The `deadman` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    DEADMAN_UNKNOWN_WIZARD: (a: { wizard: string; known: string; suggestion?: string }) =>
      `no wizard named "${a.wizard}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Configured wizards: ${a.known || '(none)'}. Add it under pluginOptions.deadman.wizards.`,
    DEADMAN_BAD_WIZARD_NAME: (a: { wizard: string }) =>
      `wizard name ${JSON.stringify(a.wizard)} is not allowed: use letters, digits, ".", "_" or "-" (it becomes part of the stamp file name). Rename it in pluginOptions.deadman.wizards.`,
    DEADMAN_STAMP_DIR: (a: { dir: string; wizard: string; reason: string }) =>
      `the stamp folder ${a.dir} of wizard "${a.wizard}" cannot be used: ${a.reason}. Create it and make it writable by the user running timmy, or set pluginOptions.deadman.stampDir.`,
    DEADMAN_STAMP_UNTRUSTED: (a: { stamp: string; wizard: string; reason: string }) =>
      `the stamp file ${a.stamp} of wizard "${a.wizard}" is not trusted: ${a.reason}. Stamps count only when they are regular files owned by the user running timmy; remove it, or set pluginOptions.deadman.stampDir to a folder only that user may write.`,
    DEADMAN_RESTART_NOT_FOUND: (a: {
      wizard: string
      command: string
      role?: 'restart' | 'check' | 'probe'
    }) =>
      `the ${a.role ?? 'restart'} command "${a.command}" of wizard "${a.wizard}" does not exist. Install it, give its absolute path, or fix pluginOptions.deadman.wizards.${a.wizard}.${a.role ?? 'restart'}.`,
    DEADMAN_RESTART_FAILED: (a: { wizard: string; command: string; reason: string }) =>
      `restarting wizard "${a.wizard}" with "${a.command}" failed: ${a.reason}. Run the command by hand to see why, then "timmy deadman reset ${a.wizard}".`,
    DEADMAN_NO_RESTART: (a: { wizard: string }) =>
      `wizard "${a.wizard}" is down but has no restart command. Set pluginOptions.deadman.wizards.${a.wizard}.restart to an argv list (e.g. ["systemctl", "--user", "restart", "hermes-gateway"]).`,
    DEADMAN_ROLLBACK_FAILED: (a: { wizard: string; generation: number; reason: string }) =>
      `rolling the Hermes overlay back to generation ${a.generation} for wizard "${a.wizard}" failed: ${a.reason}. Check "timmy generations" and roll back by hand if needed.`,
    DEADMAN_RETRIES_EXHAUSTED: (a: { wizard: string; restarts: number; windowSeconds: number }) =>
      `wizard "${a.wizard}" is still down after ${a.restarts} restarts in ${a.windowSeconds} s; deadman stopped restarting it (deadman_active). Find the cause, then run "timmy deadman reset ${a.wizard}".`,
    DEADMAN_PROBE_FAILED: (a: { wizard: string; command: string; reason: string }) =>
      `the health probe "${a.command}" of wizard "${a.wizard}" failed: ${a.reason}. Run it by hand to see why.`,
  }),
}
