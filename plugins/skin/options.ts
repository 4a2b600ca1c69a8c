/** The skin plugin's options (`pluginOptions.skin`). */
import { Type } from '@sinclair/typebox'

export const SkinOptionsSchema = Type.Object(
  {
    dirs: Type.Array(Type.String(), {
      default: [],
      description: 'skin folders; default ./skins then timmy’s own skins/',
    }),
  },
  { additionalProperties: false },
)
