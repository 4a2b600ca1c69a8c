/**
 * The skin plugin: loads Hermes skins (`skins/*.yaml`), validates them more strictly than Hermes does,
 * runs each through the `skin` waterfall hook, checks them in `timmy validate`, and adds
 * `timmy skin list|validate|preview`. Provides the `skin` service (deploy uses it).
 */
import { join } from 'node:path'
import { Type } from '@sinclair/typebox'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import type { SkinDoc } from '../../core/hooks.js'
import { packageRoot } from '../../core/package-root.js'
import { definePlugin } from '../../core/plugin.js'
import { commands } from './commands/index.js'
import { E } from './errors.js'
import { listSkinFiles, type SkinFile, skinDirs } from './find-skins.js'
import { validateSkin } from './validate-skin.js'

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
  description: 'Hermes skins: strict validation, the skin hook, timmy skin list|validate|preview',
  options: Type.Object(
    {
      dirs: Type.Array(Type.String(), {
        default: [],
        description: 'skin folders; default ./skins then timmy’s own skins/',
      }),
    },
    { additionalProperties: false },
  ),
  commands,
  setup(host, options) {
    const dirs = () => skinDirs(options.dirs, process.cwd(), join(packageRoot(), 'skins'))
    const service: SkinService = {
      dirs,
      list: () => listSkinFiles(dirs()),
      find(name) {
        const all = listSkinFiles(dirs())
        const hit = all.find((s) => s.name === name)
        if (!hit) throw E.SKIN_NOT_FOUND({ name, known: all.map((s) => s.name).join(', ') })
        return hit.file
      },
      async check(file) {
        const { skin, warnings } = validateSkin(loadYamlFile(file))
        return { skin: await host.hooks.skin.promise(skin), warnings }
      },
      async load(name) {
        return (await service.check(service.find(name))).skin
      },
    }
    host.provide('skin', service)
    host.registerValidator({
      name: 'skin',
      match: (path) => /(^|\/)skins\/[^/]+\.ya?ml$/.test(path),
      validate: (source) => ({ warnings: validateSkin(source).warnings }),
    })
  },
})
