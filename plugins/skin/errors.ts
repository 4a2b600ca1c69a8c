/** The `skin` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    SKIN_NOT_FOUND: (a: { name: string; known: string }) =>
      `no skin named "${a.name}". Known skins: ${a.known || '(none)'}. Put <name>.yaml under skins/.`,
  }),
}
