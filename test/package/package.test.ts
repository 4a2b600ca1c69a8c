/**
 * Issue 17 finding 5: the package. The real build (scripts/build.mjs, into a private folder) leaves
 * the bin executable and keeps the bundled libraries' licences; the package has a scoped name, a
 * LICENSE and a CHANGELOG; and a consumer with only timmy's runtime dependencies (and @types/node)
 * compiles a plugin against the public types with skipLibCheck false.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { promisify } from 'node:util'
import { ROOT } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

const run = promisify(execFile)

test('the build keeps the bin executable and the licences; the public types need only runtime dependencies', async (t) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string
    license: string
    files: string[]
    bin: Record<string, string>
    dependencies: Record<string, string>
  }
  assert.match(pkg.name, /^@[a-z0-9-]+\/timmy$/, 'a scoped name timmy can publish under')
  assert.equal(pkg.license, 'MIT')
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/)
  assert.match(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), /## 0\.1\.0/)
  for (const f of ['LICENSE', 'CHANGELOG.md', 'dist']) assert.ok(pkg.files.includes(f), `${f} is published`)

  const out = tempDir(t, 'timmy-pkg-')
  const dist = join(out, 'pkg', 'dist')
  await run(process.execPath, [join(ROOT, 'scripts/build.mjs')], {
    cwd: ROOT,
    env: { ...process.env, TIMMY_DIST: dist },
  })
  const bin = join(out, 'pkg', pkg.bin.timmy!)
  assert.equal(statSync(bin).mode & 0o111, 0o111, 'the bin is executable after the build')
  const notices = readFileSync(join(dist, 'chunks', 'THIRD-PARTY-NOTICES'), 'utf8')
  for (const name of ['@sinclair/typebox@', 'commander@', 'yaml@', 'cosmiconfig@', 'tapable@'])
    assert.ok(notices.includes(name), `${name} is in THIRD-PARTY-NOTICES`)
  assert.match(notices, /Permission is hereby granted/)

  // A consumer: the package (copied: no path back to this repo's devDependencies), its runtime
  // dependencies, @types/node, and a plugin that uses the public API.
  const consumer = join(out, 'consumer')
  const modules = join(consumer, 'node_modules')
  const installed = join(modules, ...pkg.name.split('/'))
  mkdirSync(installed, { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(installed, 'package.json'))
  cpSync(dist, join(installed, 'dist'), { recursive: true })
  for (const dep of [...Object.keys(pkg.dependencies), '@types/node']) {
    const target = join(ROOT, 'node_modules', dep)
    if (!existsSync(target)) continue
    mkdirSync(join(modules, dep, '..'), { recursive: true })
    symlinkSync(target, join(modules, dep), 'dir')
  }
  writeFileSync(join(consumer, 'package.json'), '{"type":"module"}\n')
  await runBuiltCli(t, join(installed, pkg.bin.timmy!))
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        noEmit: true,
        types: ['node'],
      },
      files: ['plugin.ts'],
    }),
  )
  writeFileSync(
    join(consumer, 'plugin.ts'),
    `import { definePlugin, defineConfig, hostCommand, Type, type Static, type PluginCommand } from '${pkg.name}'
const Options = Type.Object({ greeting: Type.String({ default: 'hi' }) })
const hello: PluginCommand = {
  description: 'Say hello',
  options: { loud: { type: 'boolean', description: 'shout it' } },
  run: (ctx) => { ctx.stdout.write('hello\\n'); return 0 },
}
export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  options: Options,
  commands: { hello: { summary: 'Say hello', load: async () => ({ default: hostCommand('hello', hello) }) } },
  setup(host, options: Static<typeof Options>) {
    host.log.info(options.greeting)
  },
})
export const config = defineConfig({ plugins: ['./plugin.ts'] })
`,
  )
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', consumer], {
    cwd: consumer,
  }).catch((err: { stdout: string }) => ({ stdout: err.stdout, failed: true }))
  assert.equal('failed' in tsc, false, `the public types compile with skipLibCheck false:\n${tsc.stdout}`)
})

/**
 * The built CLI, bundled into chunks, run as a user runs it: every built-in loads with its steps, a
 * command's --help, a drop-in that imports timmy (one instance: its TimmyError is core's), and a
 * playbook fixture whose steps run in the pool's worker threads.
 */
async function runBuiltCli(t: TestContext, bin: string): Promise<void> {
  const dir = tempDir(t, 'timmy-built-')
  const env = {
    ...process.env,
    TIMMY_HOME: join(dir, 'home'),
    HERMES_HOME: join(dir, 'hermes'),
    NO_COLOR: '1',
  }
  const project = join(dir, 'project')
  mkdirSync(project)
  const timmy = (...args: string[]) => run(process.execPath, [bin, ...args], { cwd: project, env })
  await timmy('init')
  const { plugins } = JSON.parse((await timmy('plugins', '--json')).stdout) as {
    plugins: { name: string; steps: string[] }[]
  }
  const steps = Object.fromEntries(plugins.map((p) => [p.name, p.steps]))
  for (const name of ['queue', 'gitea', 'deploy', 'budget', 'deadman', 'playbooks', 'triage'])
    assert.ok(name in steps, `${name} loads from the built package`)
  assert.ok(steps.triage?.includes('classify'), `triage's steps load: ${steps.triage}`)
  assert.match((await timmy('tasks', 'list', '--help')).stdout, /Usage: timmy tasks list/)
  const tested = await timmy('test-playbooks')
  assert.match(tested.stdout, /1 passed, 0 failed/)
  const dropIn = join(dir, 'home', 'plugins', 'probe')
  mkdirSync(dropIn, { recursive: true, mode: 0o700 })
  chmodSync(join(dir, 'home'), 0o700)
  chmodSync(join(dir, 'home', 'plugins'), 0o700)
  writeFileSync(
    join(dropIn, 'index.js'),
    `import { defineCommand, defineErrors, definePlugin } from 'timmy'
const E = defineErrors({ PROBE_REFUSED: () => 'the probe refused. Pass --yes.' })
export default definePlugin({
  name: 'probe',
  version: '1.0.0',
  commands: { probe: { summary: 'probe', load: async () => ({ default: defineCommand({ summary: 'probe', run: () => { throw E.PROBE_REFUSED() } }) }) } },
  setup() {},
})
`,
  )
  // one instance of core: the drop-in's TimmyError is the CLI's, so it is reported as a coded error, exit 2
  const probe = await timmy('probe').then(
    () => assert.fail('the probe command must fail'),
    (err: { code: number; stderr: string }) => err,
  )
  assert.equal(probe.code, 2, probe.stderr)
  assert.match(probe.stderr, /TIMMY_ERR_PROBE_REFUSED: the probe refused/)
}
