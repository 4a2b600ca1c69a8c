#!/usr/bin/env node
// Entry point. `--version` answers before anything else is imported, so it costs what `node -e 0` costs.
import { readFileSync } from 'node:fs'

const argv = process.argv.slice(2)
// A reader that went away (`timmy … | head -1`) is the end of the output, not a crash.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw err
  })
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${readVersion()}\n`)
} else {
  const { main } = await import('./main.js')
  process.exitCode = await main(argv)
}

function readVersion(): string {
  // core/cli/bin.ts (source) or dist/core/cli/bin.js (installed)
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === '@timmy-fleet/timmy' && pkg.version) return pkg.version
    } catch {}
  }
  return 'unknown'
}
