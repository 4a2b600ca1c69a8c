/**
 * Read `config/inventory.yaml` the way every YAML file here is read: PyYAML's tags, the TypeBox schema
 * with defaults, the first problem as a coded error at `file:line:col`; host ids must be plain names.
 */
import { existsSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { checkSchema } from '../../../core/config/check-schema.js'
import { parseYamlText, readTextFile, type YamlSource } from '../../../core/config/yaml-source.js'
import { checkSafeLoadTags } from '../check-reader-syntax.js'
import { E } from '../errors.js'
import { type Inventory, InventorySchema } from './inventory-schema.js'

export const INVENTORY_FILE = 'config/inventory.yaml'
const HOST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/

export interface LoadedInventory {
  inventory: Inventory
  source: YamlSource
}

/** The inventory of a project folder, or undefined when it has none. */
export function readInventory(dir: string): LoadedInventory | undefined {
  const file = join(dir, INVENTORY_FILE)
  if (!existsSync(file)) return undefined
  const rel = relative(process.cwd(), file).split(sep).join('/') || file
  return checkInventory(parseYamlText(readTextFile(file), rel.startsWith('..') ? file : rel))
}

/** Check a parsed inventory (also `timmy validate`'s `fleet-inventory` validator). */
export function checkInventory(source: YamlSource): LoadedInventory {
  checkSafeLoadTags(source)
  const inventory = checkSchema(InventorySchema, source.value ?? {}, { locate: source.locate })
  for (const id of Object.keys(inventory.hosts))
    if (!HOST_ID.test(id))
      throw E.SCHEMA_INVALID(
        { path: `hosts.${id}`, expected: 'a host id of letters, digits, ".", "_", ":" or "-"', found: id },
        { loc: source.locate(['hosts', id], 'key') },
      )
  return { inventory, source }
}

/** The inventory, which must exist (a rollout needs it). */
export function requireInventory(dir: string): LoadedInventory {
  const loaded = readInventory(dir)
  if (!loaded) throw E.FLEET_NO_INVENTORY({ file: join(dir, INVENTORY_FILE) }, { exitCode: 2 })
  return loaded
}
