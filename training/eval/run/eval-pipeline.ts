/** The pipeline (`playbook` in the ledger) eval usage is recorded under; `scope: pipeline, match: eval` budgets it. */
export const EVAL_PIPELINE = 'eval'
