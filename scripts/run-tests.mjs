#!/usr/bin/env node
// Runs node:test through tsx over every *.test.ts under the given folders (Node 20's --test takes no globs).
// Usage: node scripts/run-tests.mjs <folder…> [-- extra node --test flags]
// A `fleet` folder (the rehearsal, test/fleet) and a `conformance` folder (the backend suite, which wants a
// PostgreSQL) run only when named: `npm run test:fleet`, `npm run test:conformance` (.ci/run runs both).
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const sep = process.argv.indexOf('--')
const dirs = sep === -1 ? process.argv.slice(2) : process.argv.slice(2, sep)
const extra = sep === -1 ? [] : process.argv.slice(sep + 1)
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name)
    if (name === 'node_modules' || name === 'fixtures' || name === 'fleet' || name === 'conformance') continue
    if (statSync(full).isDirectory()) walk(full)
    else if (name.endsWith('.test.ts')) files.push(full)
  }
}
for (const d of dirs.length ? dirs : ['test']) {
  if (statSync(d).isFile()) files.push(d)
  else walk(d)
}
const concurrency = process.env.TIMMY_TEST_CONCURRENCY ?? '2'
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...extra, ...files], {
  stdio: 'inherit',
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
