/** The job states `timmy tasks list --state` takes (its help reads them without importing the command's body). */
export const STATES = ['queued', 'running', 'done', 'failed', 'revoked', 'expired']
