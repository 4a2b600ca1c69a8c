/**
 * The skin plugin: loads Hermes skins (`skins/*.yaml`), validates them more strictly than Hermes does,
 * runs each through the `skin` waterfall hook, checks them in `timmy validate`, and adds
 * `timmy skin list|validate|preview`. Provides the `skin` service (deploy uses it).
 */
import type { SkinDoc } from '../../core/hooks.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import type { SkinFile } from './find-skins.js'
import { SkinOptionsSchema } from './options.js'

export interface SkinService {
  /** Folders searched, first wins. */
  dirs(): string[]
  list(): SkinFile[]
  /** The file of a skin by name (coded error with the known names if none). */
  find(name: string): string
  /** Parse and validate a file; returns the skin after the `skin` waterfall and the warnings. */
  check(file: string): Promise<{ skin: SkinDoc; warnings: string[] }>
  load(name: string): Promise<SkinDoc>
}

export default definePlugin({
  name: 'skin',
  version: '1.0.0',
  provides: ['skin'],
  needs: ['hermes'],
  description: 'Hermes skins: strict validation, the skin hook, timmy skin list|validate|preview',
  options: SkinOptionsSchema,
  commands,
  async setup(host, options) {
    const { setupSkin } = await import('./setup.js')
    return setupSkin(host, options)
  },
})
