#!/usr/bin/env node
// Build dist/: tsc for the code and declarations, then pre-bundle the libraries every command loads
// at start-up (TypeBox, yaml, tapable, cosmiconfig) into single files under dist/vendor/ and point
// dist's imports at them. TypeBox alone is ~200 small ES modules: loading it as one file cuts start-up
// by a lot (see BENCHMARKS.md, CLI start-up). The source layout of dist/ is unchanged.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// TIMMY_DIST builds elsewhere (the package test builds into a private folder).
const dist = process.env.TIMMY_DIST ? resolve(process.env.TIMMY_DIST) : join(root, 'dist')
rmSync(dist, { recursive: true, force: true })
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], {
  stdio: 'inherit',
})

/** specifier → vendor bundle; several specifiers may share a bundle (one TypeBox instance). */
const VENDOR = {
  '@sinclair/typebox': 'typebox',
  '@sinclair/typebox/value': 'typebox',
  '@sinclair/typebox/compiler': 'typebox',
  croner: 'croner',
  yaml: 'yaml',
  tapable: 'tapable',
  cosmiconfig: 'cosmiconfig',
  commander: 'commander',
}
/** Each bundle re-exports by name what the packages export (CommonJS packages included). */
const ENTRIES = {}
for (const [spec, bundle] of Object.entries(VENDOR)) {
  const mod = await import(spec)
  const names = Object.keys(mod).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k))
  const id = `m${Object.keys(ENTRIES[bundle] ?? {}).length}_${spec.replace(/\W/g, '_')}`
  ENTRIES[bundle] ??= { lines: [], exported: new Set() }
  const entry = ENTRIES[bundle]
  entry.lines.push(`import * as ${id} from '${spec}'`)
  for (const name of names) {
    if (entry.exported.has(name)) continue
    entry.exported.add(name)
    entry.lines.push(`export const ${name} = ${id}.${name}`)
  }
  if ('default' in mod && !entry.exported.has('default')) {
    entry.exported.add('default')
    entry.lines.push(`export default ${id}.default ?? ${id}`)
  }
}
mkdirSync(join(dist, 'vendor'), { recursive: true })
/** Packages whose code went into a vendor bundle: their licences go to dist/vendor/THIRD-PARTY-NOTICES. */
const bundled = new Set()
for (const [name, { lines }] of Object.entries(ENTRIES)) {
  await build({
    stdin: { contents: `${lines.join('\n')}\n`, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dist, 'vendor', `${name}.mjs`),
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
    legalComments: 'eof',
    external: ['typescript'],
    metafile: true,
  }).then(({ metafile }) => {
    for (const input of Object.keys(metafile.inputs)) {
      const pkg = packageOf(input)
      if (pkg) bundled.add(pkg)
    }
  })
}
writeFileSync(join(dist, 'vendor', 'THIRD-PARTY-NOTICES'), notices([...bundled].sort()))

const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*)(["'])([^"']+)\2/g
let rewritten = 0
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      if (name !== 'vendor') walk(full)
    } else if (name.endsWith('.js')) {
      const text = readFileSync(full, 'utf8')
      const next = text.replace(IMPORT, (m, lead, q, spec) => {
        const bundle = VENDOR[spec]
        if (!bundle) return m
        rewritten++
        let rel = relative(dirname(full), join(dist, 'vendor', `${bundle}.mjs`))
        if (!rel.startsWith('.')) rel = `./${rel}`
        return `${lead}${q}${rel}${q}`
      })
      if (next !== text) writeFileSync(full, next)
    }
  }
}
walk(dist)
// npm and a folder install link the bin as it is: it must stay executable after every build.
chmodSync(join(dist, 'core', 'cli', 'bin.js'), 0o755)
console.log(`dist/ built; ${rewritten} imports point at dist/vendor/`)

/** `node_modules/<name>/…` or `node_modules/@scope/name/…` → the package folder (the last one). */
function packageOf(input) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)
  return m ? input.slice(0, m.index + m[0].length).replace(/^\.\//, '') : undefined
}

/** Each bundled package's name, version, licence and licence text (LICENSE* or the licence field). */
function notices(dirs) {
  const parts = ['Third-party software bundled into dist/vendor/ by scripts/build.mjs.', '']
  for (const rel of dirs) {
    const dir = join(root, rel)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f))
    parts.push('='.repeat(78), `${pkg.name}@${pkg.version} — ${pkg.license ?? 'see the package'}`, '')
    parts.push(file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license}`, '')
  }
  return `${parts.join('\n')}\n`
}
