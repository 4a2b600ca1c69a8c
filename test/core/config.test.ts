import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../core/config/load-config.js'
import { sandbox } from '../helpers/temp.js'

test('no config file means every default', async (t) => {
  const box = sandbox(t)
  const { config, file, paths } = await loadConfig({ cwd: box.cwd, env: box.env })
  assert.equal(file, undefined)
  assert.equal(config.server.host, '127.0.0.1')
  assert.equal(config.store.synchronous, 'NORMAL')
  assert.equal(paths.home, box.home)
  assert.equal(paths.store, join(box.home, 'timmy.db'))
})

test('timmy.config.ts is found and loaded without the TypeScript compiler', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.ts'),
    'const port: number = 9123\nexport default { server: { port } }\n',
  )
  const { config, file } = await loadConfig({ cwd: box.cwd, env: box.env })
  assert.equal(file, join(box.cwd, 'timmy.config.ts'))
  assert.equal(config.server.port, 9123)
})

test('package.json#timmy is used when there is no config file', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'package.json'),
    JSON.stringify({ name: 'x', timmy: { server: { port: 9001 } } }),
  )
  const { config } = await loadConfig({ cwd: box.cwd, env: box.env })
  assert.equal(config.server.port, 9001)
})

test('an unknown key is a coded error with a did-you-mean and file:line:col', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'server:\n  host: 127.0.0.1\n  prot: 80\n')
  await assert.rejects(
    loadConfig({ cwd: box.cwd, env: box.env }),
    (err: Error & { code?: string; loc?: { line?: number; col?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_CONFIG_UNKNOWN_KEY')
      assert.match(err.message, /Did you mean "port"\?/)
      assert.equal(err.loc?.line, 3)
      assert.equal(err.loc?.col, 3)
      assert.match(err.message, /timmy\.config\.yaml:3:3/)
      return true
    },
  )
})

test('a wrong type names the path, the expected type and the line', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.json'), '{\n  "server": {\n    "port": "eighty"\n  }\n}\n')
  await assert.rejects(
    loadConfig({ cwd: box.cwd, env: box.env }),
    (err: Error & { code?: string; loc?: { line?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_CONFIG_INVALID')
      assert.match(err.message, /server\.port/)
      assert.match(err.message, /integer/)
      assert.equal(err.loc?.line, 3)
      return true
    },
  )
})

test('a YAML syntax error in the config names file:line:col', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.yaml'), 'server:\n  port: [1, 2\n')
  await assert.rejects(
    loadConfig({ cwd: box.cwd, env: box.env }),
    (err: Error & { code?: string; loc?: { line?: number } }) => {
      assert.equal(err.code, 'TIMMY_ERR_YAML_SYNTAX')
      assert.ok(err.loc?.line)
      return true
    },
  )
})

test('a TypeScript config that throws is a coded load error', async (t) => {
  const box = sandbox(t)
  writeFileSync(join(box.cwd, 'timmy.config.ts'), 'throw new Error("nope")\n')
  await assert.rejects(loadConfig({ cwd: box.cwd, env: box.env }), { code: 'TIMMY_ERR_CONFIG_LOAD_FAILED' })
})

test('--config with a missing file is a coded error', async (t) => {
  const box = sandbox(t)
  await assert.rejects(loadConfig({ cwd: box.cwd, env: box.env, configPath: 'nope.ts' }), {
    code: 'TIMMY_ERR_CONFIG_NOT_FOUND',
  })
})

test('TIMMY_HOME and HERMES_HOME override the config; an empty one is refused', async (t) => {
  const box = sandbox(t)
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ home: '/elsewhere', hermesHome: '/other' }),
  )
  const { paths } = await loadConfig({ cwd: box.cwd, env: box.env })
  assert.equal(paths.home, box.home)
  assert.equal(paths.hermesHome, box.hermes)
  const noEnv = { ...box.env }
  delete noEnv.TIMMY_HOME
  delete noEnv.HERMES_HOME
  const fromConfig = await loadConfig({ cwd: box.cwd, env: noEnv })
  assert.equal(fromConfig.paths.home, '/elsewhere')
  assert.equal(fromConfig.paths.hermesHome, '/other')
  await assert.rejects(loadConfig({ cwd: box.cwd, env: { ...box.env, TIMMY_HOME: '' } }), {
    code: 'TIMMY_ERR_CONFIG_BAD_ENV',
  })
})

test('defaults never hide a value of the wrong type (a mapping where a list belongs is an error, not [])', async () => {
  const { Type } = await import('@sinclair/typebox')
  const { checkSchema } = await import('../../core/config/check-schema.js')
  const S = Type.Object({
    a: Type.Array(Type.String(), { default: [] }),
    b: Type.Object({ c: Type.Integer({ default: 1 }) }, { default: {} }),
  })
  assert.deepEqual(checkSchema(S, {}), { a: [], b: { c: 1 } })
  assert.throws(() => checkSchema(S, { a: { x: 1 } }), { code: 'TIMMY_ERR_SCHEMA_INVALID' })
  assert.throws(() => checkSchema(S, { b: [1] }), { code: 'TIMMY_ERR_SCHEMA_INVALID' })
})
