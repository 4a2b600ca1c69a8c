/** The `skin` plugin's CLI commands: summaries, and modules imported only when a command is used (the CLI reads this file without importing the plugin). */
import type { LazyCommand } from '../../../core/plugin.js'

export const commands: Record<string, LazyCommand> = {
  skin: {
    summary: 'List, validate and preview Hermes skins (skins/*.yaml)',
    load: () => import('./skin.js'),
  },
}
