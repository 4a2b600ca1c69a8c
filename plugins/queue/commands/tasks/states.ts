/** The job states `timmy tasks list --state` takes (its help reads them without importing the command's body). */
export const STATES = ['queued', 'running', 'done', 'failed', 'revoked', 'expired']

/** What `--state` takes: a state, or `waiting` (queued jobs deferred by their task until a time). */
export const STATE_FILTERS = [...STATES, 'waiting']
