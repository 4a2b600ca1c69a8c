/**
 * Deploy benchmark: a full deploy of the overlay (validation, policy veto check, staging with
 * fsync, journal, switch, cron merge) against `cp -r` of the same files, and a rollback against a
 * single rename, all measured in the same run. Run: node --import tsx bench/deploy.ts
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkSchema } from '../core/config/check-schema.js'
import { resolvePaths } from '../core/config/paths.js'
import { ConfigSchema } from '../core/config/schema.js'
import { createHost } from '../core/host.js'
import { silentLogger } from '../core/log.js'
import { runDeploy } from '../plugins/deploy/run-deploy.js'
import { runRollback } from '../plugins/deploy/run-rollback.js'
import { swapLive } from '../plugins/deploy/switch-generation.js'
import { fsyncDir } from '../plugins/hermes/fs-atomic.js'
import operator from '../timmy.config.js'

const ROUNDS = 30
const root = mkdtempSync(join(tmpdir(), 'timmy-bench-deploy-'))
const project = join(root, 'project')
const home = join(root, 'timmy-home')
const hermes = join(root, 'hermes-home')
cpSync(fileURLToPath(new URL('../config', import.meta.url)), join(project, 'config'), { recursive: true })
mkdirSync(join(project, 'skins'), { recursive: true })
for (const name of ['timmy', 'night', 'day'])
  writeFileSync(join(project, 'skins', `${name}.yaml`), `name: ${name}\ncolors: {banner_border: "#3B82F6"}\n`)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const time = (fn: () => unknown) => {
  const t0 = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}
const timeAsync = async (fn: () => Promise<unknown>) => {
  const t0 = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t0) / 1e6
}

// The shipped overlay's policy.yaml may only narrow the operator's policy (timmy.config.ts).
const config = checkSchema(ConfigSchema, { pluginOptions: operator.pluginOptions })
const paths = resolvePaths(config, { TIMMY_HOME: home, HERMES_HOME: hermes }, root)
const host = await createHost({ loaded: { config, paths }, log: silentLogger, dropIns: false })
const hermesService = host.service('hermes')!
const ctx = {
  home,
  hermesHome: hermes,
  hermes: hermesService,
  hooks: host.hooks,
  validators: host.validators,
  keep: 1000,
}

const cp: number[] = []
const deploy: number[] = []
const rollback: number[] = []
const swap: number[] = []
const rename: number[] = []
const durableRename: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  const dst = join(root, `copy-${i}`)
  cp.push(time(() => execFileSync('cp', ['-r', project, dst])))
  rmSync(dst, { recursive: true, force: true })
  writeFileSync(join(project, 'config', 'SOUL.md'), `# Timmy\n\nround ${i}\n`)
  deploy.push(await timeAsync(() => runDeploy(ctx, { source: project })))
  if (i > 0) {
    rollback.push(await timeAsync(() => runRollback(ctx)))
    // The switch itself: point `live` back at the newest generation (one symlink + one rename).
    swap.push(time(() => swapLive(hermesService, home, i + 1)))
    await runRollback(ctx, i + 1) // and leave the newest one live for the next round
  }
  const a = join(root, `r-${i}-a`)
  writeFileSync(a, 'x')
  rename.push(time(() => renameSync(a, join(root, `r-${i}-b`))))
  writeFileSync(a, 'x')
  durableRename.push(
    time(() => {
      renameSync(a, join(root, `r-${i}-c`))
      fsyncDir(root)
    }),
  )
}
await host.close()
rmSync(root, { recursive: true, force: true })

const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const cpMs = median(cp)
const deployMs = median(deploy)
console.log(
  `files per deploy: ${3 + 4 + 3} (config.yaml, SOUL.md, channel_aliases.json, 2 memories, 3 skins) + cron merge`,
)
console.log(`cp -r of the same files (baseline): ${fmt(cpMs)}`)
console.log(
  `full deploy with validation:        ${fmt(deployMs)}  = ${(deployMs / cpMs).toFixed(2)}× cp -r (target ≤ 3×, ≤ 100 ms)`,
)
console.log(`single rename (baseline):           ${fmt(median(rename))}`)
console.log(`single rename + folder fsync:       ${fmt(median(durableRename))}`)
console.log(
  `switch of a rollback (symlink + rename + folder fsync): ${fmt(median(swap))}  = ${(median(swap) / median(durableRename)).toFixed(2)}× a durable rename (target ≤ 2×)`,
)
console.log(`whole rollback command (journal, switch, state, fsyncs): ${fmt(median(rollback))}`)
