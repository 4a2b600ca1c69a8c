/**
 * `npm run bench -- <name…>`: runs bench/<name>.ts one after another in child processes (each prints
 * its own baseline and ratio). Without a name it lists the benchmarks.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const known = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'lib.ts'].includes(f) && !f.endsWith('-server.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
const names = process.argv.slice(2)
if (names.length === 0) {
  console.log(`usage: npm run bench -- <name…>\nbenchmarks: ${known.join(', ')}`)
  process.exit(0)
}
for (const name of names) {
  if (!known.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${known.join(', ')}`)
    process.exit(2)
  }
  console.log(`## ${name}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${name}.ts`], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
