/**
 * Fleet convergence of one host on loopback: `node --import tsx bench/fleet-converge.ts [--rounds N]`.
 * The config repo (the shipped overlay, three skins and an inventory with this host) is served by
 * `git daemon` on 127.0.0.1. Per round, interleaved in the same run:
 *   baseline  `git clone` of the same repo into a fresh folder (what the Ansible fleet did per host);
 *   first     a fresh host (its own TIMMY_HOME and HERMES_HOME) converges on the commit:
 *             clone → read inventory → banned-provider pre-flight → validate → render → deploy;
 *   next      the same host converges on a new commit (a push): fetch → … → deploy of generation n+1.
 * Both call the `deploy.fleet` service's `deployHost` — the body of a rollout's queue step. Target:
 * one host converges in ≤ 2 s (the Ansible fleet took ~23 s to clone and ~58 s to run per host).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { checkSchema } from '../core/config/check-schema.js'
import { resolvePaths } from '../core/config/paths.js'
import { ConfigSchema } from '../core/config/schema.js'
import { createHost } from '../core/host.js'
import { silentLogger } from '../core/log.js'
import { FLEET_HOSTS, inventoryYaml } from '../test/deploy/_fleet.js'
import { configRepo, GIT_ENV } from '../test/helpers/git-daemon.js'
import operator from '../timmy.config.js'
import { median } from './lib.js'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } })
const ROUNDS = Number(values.rounds)
const root = mkdtempSync(join(tmpdir(), 'timmy-bench-fleet-'))
const cleanups: (() => void | Promise<void>)[] = []
const repo = await configRepo({ after: (fn) => cleanups.push(fn) }, root)
cpSync(fileURLToPath(new URL('../config', import.meta.url)), join(repo.author, 'config'), { recursive: true })
const skins: Record<string, string> = {}
for (const name of ['timmy', 'night', 'day'])
  skins[`skins/${name}.yaml`] = `name: ${name}\ncolors: {banner_border: "#3B82F6"}\n`
let sha = repo.commit(
  { ...skins, 'config/inventory.yaml': inventoryYaml({ bench: FLEET_HOSTS['host-a']! }) },
  'fleet',
)

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6

async function bootHost(i: number) {
  const env = { TIMMY_HOME: join(root, `home-${i}`), HERMES_HOME: join(root, `hermes-${i}`) }
  mkdirSync(env.HERMES_HOME, { recursive: true })
  const pluginOptions = {
    ...operator.pluginOptions,
    hosts: { id: 'bench' },
    deploy: { webhook: { remote: repo.url } },
  }
  const config = checkSchema(ConfigSchema, { pluginOptions })
  const paths = resolvePaths(config, env, root)
  return createHost({ loaded: { config, paths }, log: silentLogger, dropIns: false })
}

const clone: number[] = []
const first: number[] = []
const next: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  const dst = join(root, `clone-${i}`)
  let t0 = process.hrtime.bigint()
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', repo.url, dst], { env: GIT_ENV })
  clone.push(ms(t0))
  rmSync(dst, { recursive: true, force: true })

  const host = await bootHost(i)
  const fleet = host.service('deploy.fleet')!
  t0 = process.hrtime.bigint()
  const a = await fleet.deployHost(sha)
  first.push(ms(t0))
  if (a.outcome !== 'applied') throw new Error(`first convergence: ${a.outcome}`)
  sha = repo.commit({ 'config/SOUL.md': `# Timmy\n\nround ${i}\n` }, `round ${i}`)
  t0 = process.hrtime.bigint()
  const b = await fleet.deployHost(sha)
  next.push(ms(t0))
  if (b.outcome !== 'applied' || b.sha !== sha) throw new Error(`next convergence: ${b.outcome}`)
  await host.close()
}
for (const fn of cleanups.reverse()) await fn()
rmSync(root, { recursive: true, force: true })

const f = (x: number) => `${x.toFixed(1)} ms`
const base = median(clone)
console.log(`rounds: ${ROUNDS}; repo: shipped overlay + 3 skins + inventory, over git:// on 127.0.0.1`)
console.log(`git clone of the repo (baseline):          ${f(base)}`)
console.log(
  `fresh host converges (clone+validate+deploy): ${f(median(first))}  = ${(median(first) / base).toFixed(2)}× git clone (target ≤ 2 s)`,
)
console.log(
  `next push converges (fetch+validate+deploy):  ${f(median(next))}  = ${(median(next) / base).toFixed(2)}× git clone (target ≤ 2 s)`,
)
