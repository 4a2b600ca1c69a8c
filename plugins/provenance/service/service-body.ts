/** What the provenance service runs once called (service.ts imports this module on first use, never at boot). */
export { getRun } from './get-run.js'
export { linkSession } from './link-session.js'
export { openDb } from './open-db.js'
export { recordRun } from './record-run.js'
export { recordRunStart } from './record-run-start.js'
export { recordStep } from './record-step.js'
