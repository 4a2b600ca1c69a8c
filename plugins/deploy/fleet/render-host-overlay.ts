/**
 * Per-host values into the overlay (what Ansible's `golden_state` role did): the host's provider chain
 * becomes config.yaml's provider settings (FORMATS.md: `model` {default, provider, base_url} from the
 * first provider, `providers.<name>` {base_url, key_env} for each, `fallback_providers` for the rest;
 * keys stay placeholders), and SOUL.md's `{{ wizard_name }}`, `{{ wizard_role }}`, `{{ host }}` and
 * `{{ vars.<name> }}` are filled in. config.yaml is checked against Hermes' schema again, and its
 * rendered source replaces the parsed one so the policy's `beforeDeploy` veto scans what ships.
 */
import { Document, isMap, parseDocument } from 'yaml'
import { checkSchema } from '../../../core/config/check-schema.js'
import { parseYamlText } from '../../../core/config/yaml-source.js'
import type { HermesService } from '../../hermes/types.js'
import { E } from '../errors.js'
import type { Overlay } from '../overlay.js'
import type { InventoryHost } from './inventory-schema.js'

export function renderHostOverlay(
  overlay: Overlay,
  hermes: HermesService,
  hostId: string,
  entry: InventoryHost,
): void {
  renderConfigYaml(overlay, hermes, entry)
  renderSoul(overlay, hostId, entry)
}

function renderConfigYaml(overlay: Overlay, hermes: HermesService, entry: InventoryHost): void {
  let file = overlay.files.find((f) => f.path === 'config.yaml')
  if (!file) {
    file = {
      path: 'config.yaml',
      from: 'config/config.yaml',
      content: Buffer.from(''),
      mode: hermes.paths.isPrivatePath('config.yaml') ? 0o600 : 0o644,
      kind: 'link',
    }
    overlay.files.push(file)
  }
  const parsed = parseDocument(file.content.toString())
  const doc: Document = isMap(parsed.contents) ? parsed : new Document({})
  const [first, ...rest] = entry.providers
  if (!first) return
  const model = doc.get('model')
  if (!isMap(model)) doc.set('model', doc.createNode({}))
  doc.setIn(['model', 'default'], first.model)
  doc.setIn(['model', 'provider'], first.name)
  if (first.base_url) doc.setIn(['model', 'base_url'], first.base_url)
  else doc.deleteIn(['model', 'base_url'])
  doc.deleteIn(['model', 'api_key'])
  if (!isMap(doc.get('providers'))) doc.set('providers', doc.createNode({}))
  for (const p of entry.providers) {
    const block: Record<string, string> = {}
    if (p.base_url) block.base_url = p.base_url
    if (p.key_env) block.key_env = p.key_env
    doc.setIn(['providers', p.name], doc.createNode(block))
  }
  doc.set(
    'fallback_providers',
    doc.createNode(
      rest.map((p) => ({
        provider: p.name,
        model: p.model,
        ...(p.base_url ? { base_url: p.base_url } : {}),
      })),
    ),
  )
  const text = doc.toString()
  const source = parseYamlText(text, `${file.from} (rendered for this host)`)
  checkSchema(hermes.configYaml.schema, source.value, { locate: source.locate })
  file.content = Buffer.from(text)
  overlay.sources['config/config.yaml'] = source
}

function renderSoul(overlay: Overlay, hostId: string, entry: InventoryHost): void {
  const file = overlay.files.find((f) => f.path === 'SOUL.md')
  if (!file) return
  const values: Record<string, string> = { wizard_name: entry.wizard, wizard_role: entry.role, host: hostId }
  for (const [k, v] of Object.entries(entry.vars ?? {})) values[`vars.${k}`] = String(v)
  const lines = file.content.toString().split('\n')
  const out = lines.map((line, i) =>
    line.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_whole, name: string, col: number) => {
      const v = values[name]
      if (v === undefined)
        throw E.FLEET_UNKNOWN_PLACEHOLDER(
          {
            name,
            known: Object.keys(values)
              .map((k) => `{{ ${k} }}`)
              .join(', '),
          },
          { loc: { file: file.from, line: i + 1, col: col + 1, source: line }, exitCode: 2 },
        )
      return v
    }),
  )
  file.content = Buffer.from(out.join('\n'))
}
