/** The `skin` plugin's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../../core/errors.js'

export const E = {
  ...core,
  ...defineErrors({
    SKIN_NOT_FOUND: (a: { name: string; known: string }) =>
      `no skin named "${a.name}". Known skins: ${a.known || '(none)'}. Put <name>.yaml under skins/.`,
    SKIN_INVALID: (a: { reason: string }) => `invalid skin: ${a.reason}.`,
    SKIN_BAD_EXTENSION: (a: { file: string }) =>
      `${a.file} is not a .yaml file. Hermes only loads skins named <name>.yaml (not .yml): rename it.`,
  }),
}
