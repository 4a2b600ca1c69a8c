/**
 * CLI start-up against `node -e 0`, measured in the same run, runs interleaved.
 * Targets (issue: one house): `timmy --version` ≤ 1.2×, every command's `--help` ≤ 1.5×, `timmy plugins`
 * (every built-in loaded, a timmy.config.ts) ≤ 2×.
 * Runs the built CLI (dist/), building it first if needed: `node --import tsx bench/cli.ts [runs]`.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fmt, median, timeCommand } from './lib.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'dist', 'core', 'cli', 'bin.js')
if (!existsSync(bin) || process.env.BENCH_BUILD === '1')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })

const runs = Number(process.argv[2] ?? 20)
const dir = mkdtempSync(join(tmpdir(), 'timmy-bench-cli-'))
const project = join(dir, 'project')
mkdirSync(project)
writeFileSync(
  join(project, 'timmy.config.ts'),
  "import type { TimmyUserConfig } from 'timmy'\nconst config: TimmyUserConfig = { server: { port: 7777 } }\nexport default config\n",
)
const env = { ...process.env, TIMMY_HOME: join(dir, 'home'), HERMES_HOME: join(dir, 'hermes') }
const cases = {
  'node -e 0': [process.execPath, '-e', '0'],
  'timmy --version': [process.execPath, bin, '--version'],
  'timmy plugins': [process.execPath, bin, 'plugins'],
  'timmy --help': [process.execPath, bin, '--help'],
  'timmy serve --help': [process.execPath, bin, 'serve', '--help'],
  'timmy deploy --help': [process.execPath, bin, 'deploy', '--help'],
  'timmy budget --help': [process.execPath, bin, 'budget', '--help'],
  'timmy tasks list --help': [process.execPath, bin, 'tasks', 'list', '--help'],
} as const
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
for (const argv of Object.values(cases)) timeCommand([...argv], { cwd: project, env }) // warm the page cache and the config cache
for (let i = 0; i < runs; i++) {
  for (const [name, argv] of Object.entries(cases))
    times[name]!.push(timeCommand([...argv], { cwd: project, env }))
}
rmSync(dir, { recursive: true, force: true })
const base = median(times['node -e 0']!)
console.log(`CLI start-up, median of ${runs} interleaved runs (built CLI, a timmy.config.ts in the folder)`)
for (const [name, t] of Object.entries(times)) {
  const m = median(t)
  console.log(`  ${name.padEnd(24)} ${fmt(m).padStart(9)}   ${(m / base).toFixed(2)}× node -e 0`)
}
