import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { loadOverlay } from '../../plugins/deploy/overlay.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { DEFAULT_BANNED } from '../../plugins/policy/policy-schema.js'
import { resolvePolicy, scanOverlay } from '../../plugins/policy/resolve-policy.js'
import operator from '../../timmy.config.js'

test("the shipped overlay in config/ validates and passes its own policy within timmy.config.ts's", async () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const overlay = await loadOverlay(root, { hermes: createHermesService() })
  // display.skin is "timmy": until skins/timmy.yaml is in the project, deploy warns (and Hermes uses default).
  const skinShipped = existsSync(join(root, 'skins', 'timmy.yaml'))
  assert.deepEqual(
    overlay.warnings.map((w) => w.includes('display.skin "timmy"')),
    skinShipped ? [] : [true],
  )
  assert.ok(overlay.files.some((f) => f.path === 'config.yaml'))
  assert.ok(overlay.files.some((f) => f.path === 'memories/MEMORY.md' && f.kind === 'seed'))
  assert.ok((overlay.jobs?.length ?? 0) > 0)
  const policy = resolvePolicy(
    {
      bannedProviders: DEFAULT_BANNED,
      allowedBaseUrls: operator.pluginOptions!.policy!.allowedBaseUrls as string[],
    },
    overlay.sources['config/policy.yaml'],
  )
  assert.deepEqual(scanOverlay({ overlay }, policy), [])
})
