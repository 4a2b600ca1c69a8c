import assert from 'node:assert/strict'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { runRollback } from '../../plugins/deploy/run-rollback.js'
import { listGenerationInfo } from '../../plugins/deploy/service.js'
import { E as skinErrors } from '../../plugins/skin/errors.js'
import { sandbox } from '../helpers/temp.js'
import { baseOverlay, bootHost, contextFor, treeDigest, writeOverlay } from './_overlay.js'

test('a deploy, a second deploy and a rollback leave the files and generations expected', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const host = await bootHost(sb)
  t.after(() => host.close())
  const ctx = contextFor(sb, host)

  const first = await runDeploy(ctx, { source: sb.cwd })
  assert.equal(first.outcome, 'applied')
  assert.equal(first.generation, 1)
  assert.equal(readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8'), '# Soul v1\n')
  assert.ok(lstatSync(join(sb.hermes, 'config.yaml')).isSymbolicLink())
  assert.equal(parse(readFileSync(join(sb.hermes, 'config.yaml'), 'utf8')).display.skin, 'timmy')
  assert.equal(readFileSync(join(sb.hermes, 'skins/timmy.yaml'), 'utf8').startsWith('name: timmy'), true)
  assert.equal(readFileSync(join(sb.hermes, 'memories/MEMORY.md'), 'utf8'), 'seed memory\n')
  assert.equal(
    lstatSync(join(sb.hermes, 'memories/MEMORY.md')).isSymbolicLink(),
    false,
    'seeds are real files',
  )
  const jobs = JSON.parse(readFileSync(join(sb.hermes, 'cron/jobs.json'), 'utf8')).jobs
  assert.deepEqual(
    jobs.map((j: { id: string }) => j.id),
    ['timmy-digest'],
  )

  writeOverlay(sb.cwd, { 'config/SOUL.md': '# Soul v2\n', 'skins/extra.yaml': 'name: extra\n' })
  const second = await runDeploy(ctx, { source: sb.cwd })
  assert.equal(second.generation, 2)
  assert.equal(readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8'), '# Soul v2\n')
  assert.ok(existsSync(join(sb.hermes, 'skins/extra.yaml')))

  const again = await runDeploy(ctx, { source: sb.cwd })
  assert.equal(again.outcome, 'unchanged', 'the same overlay twice makes no new generation')

  const back = await runRollback(ctx)
  assert.deepEqual([back.from, back.to], [2, 1])
  assert.equal(readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8'), '# Soul v1\n')
  assert.equal(existsSync(join(sb.hermes, 'skins/extra.yaml')), false, 'a path generation 1 lacks is gone')
  const gens = listGenerationInfo(sb.home)
  assert.deepEqual(
    gens.map((g) => [g.generation, g.live, g.lastKnownGood, g.bad]),
    [
      [1, true, true, false],
      [2, false, false, true],
    ],
  )
  await assert.rejects(runRollback(ctx), { code: 'TIMMY_ERR_DEPLOY_NOTHING_TO_ROLL_BACK' })
  const forward = await runRollback(ctx, 2)
  assert.equal(forward.to, 2)
  assert.equal(readFileSync(join(sb.hermes, 'SOUL.md'), 'utf8'), '# Soul v2\n')
  await assert.rejects(runRollback(ctx, 9), { code: 'TIMMY_ERR_DEPLOY_NO_GENERATION' })
})

test('--dry-run writes nothing anywhere in the sandbox', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  mkdirSync(sb.hermes, { recursive: true })
  writeFileSync(join(sb.hermes, 'config.yaml'), 'model: old\n')
  const host = await bootHost(sb)
  t.after(() => host.close())
  const before = treeDigest(sb.root)
  const report = await runDeploy(contextFor(sb, host), { source: sb.cwd, dryRun: true })
  assert.equal(report.outcome, 'planned')
  assert.equal(report.plan.files.find((f) => f.path === 'config.yaml')?.action, 'replace-file')
  assert.equal(treeDigest(sb.root), before)
  // After one real deploy, a dry run of a change still writes nothing.
  await runDeploy(contextFor(sb, host), { source: sb.cwd })
  writeOverlay(sb.cwd, { 'config/SOUL.md': 'changed\n' })
  const mid = treeDigest(sb.root)
  const plan = await runDeploy(contextFor(sb, host), { source: sb.cwd, dryRun: true })
  assert.equal(plan.plan.files.find((f) => f.path === 'SOUL.md')?.action, 'update')
  assert.equal(treeDigest(sb.root), mid)
})

test('the first deploy keeps files already in $HERMES_HOME as generation 0, and rollback restores them', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  mkdirSync(sb.hermes, { recursive: true })
  writeFileSync(join(sb.hermes, 'config.yaml'), 'model: mine\n', { mode: 0o600 })
  writeFileSync(join(sb.hermes, 'memories.txt'), 'not managed\n')
  const ctx = contextFor(sb)
  await runDeploy(ctx, { source: sb.cwd })
  assert.deepEqual(
    listGenerationInfo(sb.home).map((g) => [g.generation, g.snapshot]),
    [
      [0, true],
      [1, false],
    ],
  )
  await runRollback(ctx, 0)
  assert.equal(readFileSync(join(sb.hermes, 'config.yaml'), 'utf8'), 'model: mine\n')
  assert.equal(existsSync(join(sb.hermes, 'SOUL.md')), false)
  assert.equal(readFileSync(join(sb.hermes, 'memories.txt'), 'utf8'), 'not managed\n')
  const jobs = JSON.parse(readFileSync(join(sb.hermes, 'cron/jobs.json'), 'utf8')).jobs
  assert.deepEqual(jobs, [], "rolling back to before timmy removes timmy's cron jobs")
})

test('private files stay private and generation files are read-only', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  await runDeploy(contextFor(sb), { source: sb.cwd })
  const mode = (p: string) => statSync(join(sb.hermes, p)).mode & 0o777
  assert.equal(mode('config.yaml'), 0o400)
  assert.equal(mode('channel_aliases.json'), 0o400)
  assert.equal(mode('memories/MEMORY.md'), 0o600)
  assert.equal(mode('cron/jobs.json'), 0o600)
  assert.equal(mode('SOUL.md') & 0o222, 0, 'no generation file is writable')
  assert.equal(statSync(join(sb.home, 'generations')).mode & 0o077, 0)
})

test('a managed folder symlinked out of $HERMES_HOME is refused before anything is written', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const outside = join(sb.root, 'outside')
  mkdirSync(outside)
  mkdirSync(sb.hermes, { recursive: true })
  symlinkSync(outside, join(sb.hermes, 'skins'))
  const before = treeDigest(sb.root)
  await assert.rejects(runDeploy(contextFor(sb), { source: sb.cwd }), {
    code: 'TIMMY_ERR_DEPLOY_PATH_ESCAPE',
  })
  assert.equal(treeDigest(sb.root), before)
})

test('a config.yaml Hermes rewrote is drift; --restore keeps it beside the new generation, then replaces it', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const ctx = contextFor(sb)
  await runDeploy(ctx, { source: sb.cwd })
  // Hermes' `config set` writes atomically: the link becomes a real file.
  rmSync(join(sb.hermes, 'config.yaml'))
  writeFileSync(join(sb.hermes, 'config.yaml'), 'model: hermes-wrote-this\n')
  chmodSync(join(sb.hermes, 'config.yaml'), 0o600)
  await assert.rejects(runDeploy(ctx, { source: sb.cwd }), { code: 'TIMMY_ERR_DEPLOY_DRIFT' })
  const report = await runDeploy(ctx, { source: sb.cwd, restore: true })
  assert.equal(report.plan.files.find((f) => f.path === 'config.yaml')?.action, 'replace-file')
  assert.deepEqual(report.commit?.switch.displaced, ['config.yaml'])
  assert.equal(
    readFileSync(join(sb.home, 'generations', String(report.generation), 'displaced/config.yaml'), 'utf8'),
    'model: hermes-wrote-this\n',
  )
  assert.ok(readlinkSync(join(sb.hermes, 'config.yaml')).endsWith('generations/live/config.yaml'))
})

test('a skin validator registered by another plugin runs over skins/*.yaml', async (t) => {
  const sb = sandbox(t)
  baseOverlay(sb.cwd, { 'skins/bad.yaml': 'description: no name\n' })
  const { definePlugin } = await import('../../core/plugin.js')
  const { E } = await import('../../core/errors.js')
  const { createHost } = await import('../../core/host.js')
  const base = await bootHost(sb)
  const host = await createHost({
    // Without the built-ins there is no policy plugin to take bootHost's operator policy.
    loaded: { ...base.loaded, config: { ...base.loaded.config, pluginOptions: {} } },
    log: base.log,
    dropIns: false,
    builtins: false,
    plugins: [
      definePlugin({
        name: 'skin-check',
        version: '1.0.0',
        setup(h) {
          h.registerValidator({
            name: 'skin',
            match: (rel) => rel.startsWith('skins/'),
            validate(source) {
              const v = source.value as { name?: unknown }
              if (typeof v.name !== 'string')
                throw skinErrors.SKIN_INVALID({ reason: 'name is required' }, { loc: source.locate([]) })
            },
          })
        },
      }),
    ],
  })
  t.after(async () => {
    await host.close()
    await base.close()
  })
  await assert.rejects(
    runDeploy(contextFor(sb, host), { source: sb.cwd }),
    (err: { code: string; loc?: { file: string } }) => {
      assert.equal(err.code, 'TIMMY_ERR_SKIN_INVALID')
      assert.equal(err.loc?.file, 'skins/bad.yaml')
      return true
    },
  )
  assert.equal(existsSync(join(sb.home, 'generations')), false)
})
