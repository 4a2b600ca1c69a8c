/** The skin plugin's setup (index.ts imports it when the host sets the plugin up). */
import { join } from 'node:path'
import type { Static } from '@sinclair/typebox'
import { loadYamlFile } from '../../core/config/yaml-source.js'
import { packageRoot } from '../../core/package-root.js'
import type { PluginHost } from '../../core/plugin.js'
import { E } from './errors.js'
import { listSkinFiles, skinDirs } from './find-skins.js'
import type { SkinService } from './index.js'
import type { SkinOptionsSchema } from './options.js'

// The skin checker loads when a skin is first checked.
let checker: Promise<typeof import('./validate-skin.js')> | undefined
const loadChecker = () => (checker ??= import('./validate-skin.js'))

export function setupSkin(host: PluginHost, options: Static<typeof SkinOptionsSchema>): void {
  const { skinName } = host.use('hermes').paths
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
      const { validateSkin } = await loadChecker()
      const { skin, warnings } = validateSkin(loadYamlFile(file), skinName)
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
    validate: async (source) => ({ warnings: (await loadChecker()).validateSkin(source, skinName).warnings }),
  })
}
