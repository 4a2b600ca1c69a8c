/**
 * The house, checked on this repository itself (not a sample tree): `npm run check:layers` is clean —
 * core imports and names no plugin, training/ is reached only through plugins/provenance and takes
 * only core/index.js, no folders import each other in a cycle — and core/ stays a small host.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CORE_LIMIT = 5000

test('the layers of this repository are clean', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-layers.mjs'), '--root', ROOT], {
    encoding: 'utf8',
  })
  assert.equal(r.status, 0, `check-layers found breaches:\n${r.stdout}${r.stderr}`)
  assert.match(r.stdout, /layers clean/)
})

test(`core/ holds at most ${CORE_LIMIT} lines: the host, not a behaviour`, () => {
  const files = (readdirSync(join(ROOT, 'core'), { recursive: true }) as string[]).filter((f) =>
    f.endsWith('.ts'),
  )
  const lines = files.reduce(
    (n, f) => n + readFileSync(join(ROOT, 'core', f), 'utf8').split('\n').length - 1,
    0,
  )
  assert.ok(
    lines <= CORE_LIMIT,
    `core/ has ${lines} lines (limit ${CORE_LIMIT}): move behaviour into its plugin folder`,
  )
})

test("plugins/commands.ts lists every built-in plugin's commands (the CLI reads only it)", async () => {
  const { builtinCommands } = (await import('../../plugins/commands.js')) as {
    builtinCommands: Record<string, Record<string, unknown>>
  }
  const dir = join(ROOT, 'plugins')
  const withCommands = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'commands', 'index.ts')))
    .map((e) => e.name)
  assert.deepEqual(Object.keys(builtinCommands).sort(), withCommands.sort())
  for (const name of withCommands) {
    const { commands } = (await import(`../../plugins/${name}/commands/index.js`)) as { commands: object }
    assert.equal(builtinCommands[name], commands, `${name}'s entry is its commands/index.ts`)
  }
})
