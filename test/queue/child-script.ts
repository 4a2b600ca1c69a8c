/**
 * Child processes for the multi-process queue tests. A fixture is bundled once (esbuild, which tsx
 * ships) into a plain .mjs in a temp dir, so each of the many children starts with plain `node`
 * instead of compiling TypeScript again; without esbuild it falls back to running through tsx.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { TSX } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

type Cleanup = { after(fn: () => void): void }

export async function childScript(t: Cleanup, fixture: string): Promise<string[]> {
  const entry = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url))
  try {
    const { build } = (await import('esbuild')) as typeof import('esbuild')
    const sqlite = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href
    const outfile = join(tempDir(t, 'timmy-child-'), fixture.replace(/\.ts$/, '.mjs'))
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      plugins: [
        {
          name: 'sqlite-external',
          setup: (b) => b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true })),
        },
      ],
    })
    return [outfile]
  } catch {
    return ['--import', TSX, entry]
  }
}

export function spawnChild(script: string[], args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, [...script, ...args], options)
}
