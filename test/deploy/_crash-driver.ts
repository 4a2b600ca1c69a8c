/**
 * Child process for the crash test: runs one deploy (or rollback) of `source` into the given homes.
 * `TIMMY_DEPLOY_CRASH_AT=K` makes it SIGKILL itself at its K-th durable step.
 */

import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { runRollback } from '../../plugins/deploy/run-rollback.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'

const [mode, source, home, hermesHome] = process.argv.slice(2) as [string, string, string, string]
const ctx = { home, hermesHome, hermes: createHermesService() }
const run = mode === 'rollback' ? () => runRollback(ctx) : () => runDeploy(ctx, { source })
run().catch((err) => {
  if ((err as { code?: string }).code === 'TIMMY_ERR_DEPLOY_NOTHING_TO_ROLL_BACK') return
  console.error(err)
  process.exit(1)
})
