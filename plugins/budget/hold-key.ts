/** The wake key of the queued runs held by budget `name` (see the core's `paused`). */
export const holdKey = (name: string) => `budget:${name}`
