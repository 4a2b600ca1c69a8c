#!/usr/bin/env node
// Build dist/: tsc for the code and declarations, then esbuild bundles tsc's JavaScript with code
// splitting: the modules loaded by path (the bin, the public API, each plugin's index, types, steps and
// commands list, the worker files) stay at their paths, and the ~600 other modules (and the pure
// JavaScript libraries every command loads: TypeBox alone is ~200 modules) go into shared chunks, each
// module once. Loading a few dozen files instead of hundreds is most of a command's start-up (see
// BENCHMARKS.md, CLI start-up).
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// TIMMY_DIST builds elsewhere (the package test builds into a private folder).
const dist = process.env.TIMMY_DIST ? resolve(process.env.TIMMY_DIST) : join(root, 'dist')
rmSync(dist, { recursive: true, force: true })
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], {
  stdio: 'inherit',
})

/** Packages bundled into the chunks (pure JavaScript, loaded by every command); the rest stay in node_modules. */
const BUNDLED = ['@sinclair/typebox', 'croner', 'yaml', 'tapable', 'cosmiconfig', 'commander']
/**
 * The files loaded by path or URL at run time, or imported by users: each stays at its path. Everything
 * else is bundled into shared chunks (dist/chunks/), each module once, so a module has one instance.
 */
const ENTRY_GLOBS = [
  'core/cli/bin.js',
  'core/index.js',
  'plugins/*/index.js',
  'plugins/*/steps.js',
  'plugins/commands.js',
  'plugins/pool/worker.js',
  'training/curate-worker.js',
]
const entryPoints = ENTRY_GLOBS.flatMap((glob) => expand(dist, glob))
const staging = `${dist}.bundle`
rmSync(staging, { recursive: true, force: true })
/** Packages whose code went into a chunk: their licences go to dist/chunks/THIRD-PARTY-NOTICES. */
const bundled = new Set()
// tsc's output is ES modules; say so to esbuild (a TIMMY_DIST outside the repository has no package.json above it)
writeFileSync(join(dist, 'package.json'), '{ "type": "module" }\n')
const { metafile } = await build({
  entryPoints,
  outdir: staging,
  outbase: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // TIMMY_DIST may build outside the repository: packages still come from its node_modules
  nodePaths: [join(root, 'node_modules')],
  // CommonJS packages in a chunk call require(): give each output file one.
  banner: { js: "import { createRequire as __timmyRequire } from 'node:module'; const require = __timmyRequire(import.meta.url);" },
  plugins: [
    {
      name: 'externals',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { external: true }
          const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]
          // a bundled package's own dependencies are bundled with it (typescript stays optional, as cosmiconfig has it)
          if (name === 'typescript') return { external: true }
          if (args.importer.includes('/node_modules/')) return undefined
          return BUNDLED.includes(name) ? undefined : { external: true }
        })
      },
    },
  ],
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
})
for (const input of Object.keys(metafile.inputs)) {
  const pkg = packageOf(input)
  if (pkg) bundled.add(pkg)
}
// dist/ keeps tsc's declarations; its JavaScript is the bundle's.
rmSync(join(dist, 'package.json'))
removeJs(dist)
cpSync(staging, dist, { recursive: true })
rmSync(staging, { recursive: true, force: true })
writeFileSync(join(dist, 'chunks', 'THIRD-PARTY-NOTICES'), notices([...bundled].sort()))
// npm and a folder install link the bin as it is: it must stay executable after every build.
chmodSync(join(dist, 'core', 'cli', 'bin.js'), 0o755)
// A plugin's `steps` URL is resolved beside its index: the index must have stayed at its path.
for (const index of expand(dist, 'plugins/*/index.js')) {
  const { default: plugin } = await import(pathToFileURL(index).href)
  if (plugin.steps && !existsSync(fileURLToPath(plugin.steps)))
    throw new Error(`build: ${plugin.name}'s steps module ${plugin.steps} is missing from dist/`)
}
console.log(`dist/ built: ${entryPoints.length} entry modules, ${readdirSync(join(dist, 'chunks')).length - 1} chunks`)

/** The files under `root` matching `glob` (one `*` for a folder name at most). */
function expand(root, glob) {
  const star = glob.indexOf('*')
  if (star < 0) return existsSync(join(root, glob)) ? [join(root, glob)] : []
  const head = glob.slice(0, star)
  const tail = glob.slice(star + 1)
  return readdirSync(join(root, head))
    .map((name) => join(root, head + name + tail))
    .filter((file) => existsSync(file))
}

/** Delete the .js files tsc wrote (the declarations stay). */
function removeJs(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) removeJs(full)
    else if (name.endsWith('.js')) rmSync(full)
  }
}

/** `node_modules/<name>/…` or `node_modules/@scope/name/…` → the package folder (the last one). */
function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)
  return m ? input.slice(0, m.index + m[0].length).replace(/^\.\//, '') : undefined
}

/** Each bundled package's name, version, licence and licence text (LICENSE* or the licence field). */
function notices(dirs) {
  const parts = ['Third-party software bundled into dist/chunks/ by scripts/build.mjs.', '']
  for (const rel of dirs) {
    const dir = join(root, rel)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f))
    parts.push('='.repeat(78), `${pkg.name}@${pkg.version} — ${pkg.license ?? 'see the package'}`, '')
    parts.push(file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license}`, '')
  }
  return `${parts.join('\n')}\n`
}
