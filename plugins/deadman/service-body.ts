/** What the deadman service runs once called (create-deadman.ts imports this module on first use, never at boot). */

export { beatWizard } from './beat-wizard.js'
export { preflight } from './check-alive.js'
export { readyStore } from './ready-store.js'
export { requireWizardRow } from './require-wizard-row.js'
export { resetWizard } from './reset-wizard.js'
export { runHeartbeat } from './run-heartbeat.js'
export { runHeavyHeartbeat } from './run-heavy-heartbeat.js'
export { setPaused } from './set-paused.js'
export { tickOnce } from './tick.js'
export { tickContextOf } from './tick-context-of.js'
export { statusAll } from './wizard-status.js'
