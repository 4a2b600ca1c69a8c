/**
 * The whole Gitea test suite, run again with spec validation on: every request the fake Gitea receives
 * and every response it sends is checked against Gitea's own OpenAPI 3 document
 * (`../shared/reference/gitea/openapi.v1.json`, or whatever `GITEA_SPEC` names). A violation fails the
 * test that caused it (the fake's `close()` throws).
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const spec = process.env.GITEA_SPEC
  ? resolve(process.env.GITEA_SPEC)
  : fileURLToPath(new URL('../../shared/reference/gitea/openapi.v1.json', import.meta.url))
assert.ok(existsSync(spec), `the Gitea OpenAPI document is missing: ${spec}`)
process.env.GITEA_SPEC = spec

const { startFakeGitea } = await import('../test/gitea/fake-gitea.js')

test('spec validation is on: a request and a response outside the spec are caught', async () => {
  const fake = await startFakeGitea()
  fake.addRepo('acme/widgets')
  await fetch(`${fake.url}/api/v1/repos/acme/widgets/issues?bogus=1`, {
    headers: { authorization: `token ${fake.token}` },
  })
  // A label with an integer colour is a response the spec does not allow.
  fake.state
    .repo('acme/widgets')!
    .labels.push({ id: 1, name: 'x', color: 7 as unknown as string, description: '' })
  await fetch(`${fake.url}/api/v1/repos/acme/widgets/labels`, {
    headers: { authorization: `token ${fake.token}` },
  })
  await assert.rejects(
    fake.close(),
    (e: Error) => /bogus is not in the spec/.test(e.message) && /color/.test(e.message),
  )
})

const dir = new URL('../test/gitea/', import.meta.url)
for (const file of readdirSync(dir).sort())
  if (file.endsWith('.test.ts')) await import(new URL(file, dir).href)
