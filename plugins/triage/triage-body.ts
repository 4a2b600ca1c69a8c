/** The triage service's code behind its async methods, imported on the first call (triage-service.ts loads it lazily). */
export { compileRulesFile } from './compile-rules.js'
export { compileServiceRules } from './compile-service-rules.js'
export { runSweep } from './run-sweep.js'
export { triageSource } from './source.js'
