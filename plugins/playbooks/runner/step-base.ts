import type { StepContext } from '../../../core/hooks.js'

/** What every result of one step starts from. */
export type StepBase = Pick<
  StepContext,
  'runId' | 'stepId' | 'playbook' | 'lane' | 'use' | 'dryRun' | 'estimate'
>
