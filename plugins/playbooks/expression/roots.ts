/** The names a path may start with. */
export const ROOTS = ['steps', 'event', 'item', 'with', 'lane', 'run'] as const
