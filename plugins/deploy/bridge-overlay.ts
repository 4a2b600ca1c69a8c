/**
 * What a deploy adds to the overlay for the Hermes bridge (core/hermes/bridge-install.ts has the
 * shapes): the plugin folder `plugins/timmy-bridge/` (from the project's `config/hermes-plugins/` when
 * it ships one, else from timmy's own package), its `settings.json`, `timmy-bridge` in
 * `plugins.enabled` of the deployed config.yaml and, optionally, `mcp_servers.timmy`. The config.yaml
 * is edited as a YAML document, so the author's comments and order stay.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isMap, isScalar, isSeq, parseDocument } from 'yaml'
import { BRIDGE_PLUGIN_NAME } from '../bridge/bridge-doctor.js'
import { bridgeMcpServer, bridgePluginSource, bridgeSettingsJson } from '../bridge/bridge-install.js'
import type { BridgeInstall } from './bridge-install-of.js'
import type { Overlay } from './overlay.js'

const PREFIX = `plugins/${BRIDGE_PLUGIN_NAME}/`

export function addBridge(overlay: Overlay, bridge: BridgeInstall): void {
  if (!bridge.install) return
  if (!overlay.files.some((f) => f.path.startsWith(PREFIX))) {
    const dir = bridgePluginSource()
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === '__pycache__') continue
      overlay.files.push({
        path: `${PREFIX}${name}`,
        from: `(timmy) config/hermes-plugins/${BRIDGE_PLUGIN_NAME}/${name}`,
        content: readFileSync(join(dir, name)),
        mode: 0o644,
        kind: 'link',
      })
    }
  }
  if (!overlay.files.some((f) => f.path === `${PREFIX}settings.json`))
    overlay.files.push({
      path: `${PREFIX}settings.json`,
      from: '(timmy) pluginOptions.deploy.bridge',
      content: Buffer.from(
        bridgeSettingsJson({
          timmyHome: bridge.timmyHome,
          ...(bridge.failPolicy ? { failPolicy: bridge.failPolicy } : {}),
        }),
      ),
      mode: 0o644,
      kind: 'link',
    })

  const config = overlay.files.find((f) => f.path === 'config.yaml')
  if (!config) {
    overlay.warnings.push(
      `config/config.yaml is not in the overlay, so timmy cannot enable the bridge: add "${BRIDGE_PLUGIN_NAME}" to plugins.enabled in $HERMES_HOME/config.yaml`,
    )
    return
  }
  const doc = parseDocument(config.content.toString('utf8'))
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as never
  if (!isMap(doc.contents)) return // checkConfigYaml already refused a non-mapping
  for (const key of ['plugins', ...(bridge.mcp ? ['mcp_servers'] : [])]) {
    const v = doc.get(key, true)
    if (v === undefined || v === null || (isScalar(v) && v.value === null)) doc.set(key, doc.createNode({}))
    else if (!isMap(v)) {
      overlay.warnings.push(
        `config/config.yaml: ${key} is not a mapping, so timmy cannot enable the bridge there: add "${BRIDGE_PLUGIN_NAME}" yourself`,
      )
      return
    }
  }
  const named = (i: unknown) => String(isScalar(i) ? i.value : i) === BRIDGE_PLUGIN_NAME
  const disabled = doc.getIn(['plugins', 'disabled'])
  if (isSeq(disabled) && disabled.items.some(named))
    overlay.warnings.push(
      `config/config.yaml lists ${BRIDGE_PLUGIN_NAME} in plugins.disabled, which wins over plugins.enabled: the bridge stays off`,
    )
  const enabled = doc.getIn(['plugins', 'enabled'])
  if (isSeq(enabled)) {
    if (!enabled.items.some(named)) enabled.add(doc.createNode(BRIDGE_PLUGIN_NAME))
  } else doc.setIn(['plugins', 'enabled'], doc.createNode([BRIDGE_PLUGIN_NAME]))
  if (bridge.mcp && !doc.hasIn(['mcp_servers', 'timmy']))
    doc.setIn(
      ['mcp_servers', 'timmy'],
      doc.createNode(
        bridgeMcpServer({
          timmyCommand: bridge.command,
          timmyArgs: bridge.commandArgs,
          timmyHome: bridge.timmyHome,
          hermesHome: bridge.hermesHome,
          ...(bridge.configFile ? { configFile: bridge.configFile } : {}),
        }),
      ),
    )
  config.content = Buffer.from(doc.toString())
}
