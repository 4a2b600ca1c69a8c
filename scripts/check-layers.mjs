#!/usr/bin/env node
// Checks the layering of core/, training/ and plugins/<name>/ (ARCHITECTURE.md, folder map):
//   1. core imports nothing under plugins/ or training/ (static, dynamic, `import type`, `new URL(…, import.meta.url)`);
//   2. core names no plugin: no string literal in its code equal to a plugin folder's name
//      (escape a genuine ordinary word with `// layers: not a plugin name (<why>)` on the same line;
//      never for a use()/maybeUse()/provide() argument or a list of service names);
//   3. training/ is imported only by plugins/provenance; training imports from core only core/index.js, no plugin;
//   4. no import cycle between folders (core, training, plugins/<name>), counting value imports only;
//   5. another plugin imports plugins/hermes only with `import type` (its types.ts): the formats are
//      reached through the `hermes` service (host.use('hermes')), never its modules.
// Usage: node scripts/check-layers.mjs [--root <dir>] [--json]
// Exit 0 with a one-line summary when clean; 1 with one `file:line: message` line per violation; 2 on bad usage.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/
const SERVICE_CALLS = new Set(['use', 'maybeUse', 'provide'])
const SERVICE_LISTS = /^(?:needs|optionalNeeds|provides|dependencies|optionalDependencies|.*[sS]ervices?)$/
const ESCAPE = /\/\/\s*layers:\s*not a plugin name \(\s*[^)\s][^)]*\)/

function parseArgs(argv) {
  const opts = { root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), json: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') opts.json = true
    else if (arg === '--root' && argv[i + 1]) opts.root = resolve(argv[++i])
    else if (arg.startsWith('--root=')) opts.root = resolve(arg.slice('--root='.length))
    else usage(`unknown or incomplete option "${arg}"`)
  }
  if (!existsSync(join(opts.root, 'core')))
    usage(`${opts.root} has no core/ folder; pass the project root with --root <dir>`)
  return opts
}

function usage(problem) {
  process.stderr.write(
    `check-layers: ${problem}\nusage: node scripts/check-layers.mjs [--root <dir>] [--json]\n`,
  )
  process.exit(2)
}

function listFiles(dir, out = []) {
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) listFiles(full, out)
    else if (SOURCE.test(name)) out.push(full)
  }
  return out
}

function listPlugins(root) {
  const dir = join(root, 'plugins')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
    .sort()
}

const toPosix = (p) => p.split(sep).join('/')

/** The layer a root-relative path belongs to: core, training, plugins/<name>, or null (outside the layering). */
function folderOf(rel) {
  const parts = rel.split('/')
  if (parts[0] === 'core' || parts[0] === 'training') return parts[0]
  if (parts[0] === 'plugins' && parts.length > 2) return `plugins/${parts[1]}`
  return null
}

/** Every module reference in a file: { spec, line, typeOnly, via }. */
function collectImports(sf) {
  const found = []
  const add = (lit, typeOnly, via) => {
    if (!lit || !ts.isStringLiteralLike(lit)) return
    found.push({ spec: lit.text, line: lineOf(sf, lit), typeOnly, via, node: lit })
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null
      const typeOnly =
        !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)))
      add(node.moduleSpecifier, typeOnly, 'import')
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named =
        node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly))
      add(node.moduleSpecifier, typeOnly, 'export … from')
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, 'import =')
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true, 'import() type')
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, 'import()')
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require'
    ) {
      add(node.arguments[0], false, 'require()')
    } else if (ts.isNewExpression(node) && isImportMetaUrl(node)) {
      add(node.arguments[0], false, 'new URL(…, import.meta.url)')
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

function isImportMetaUrl(node) {
  const base = node.arguments?.[1]
  return (
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'URL' &&
    !!base &&
    ts.isPropertyAccessExpression(base) &&
    base.name.text === 'url' &&
    ts.isMetaProperty(base.expression)
  )
}

const lineOf = (sf, node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1

/** A root-relative path for a specifier, or null for a package (the project's own name means core/index.js). */
function resolveSpec(root, file, spec, pkgName) {
  if (spec === pkgName) return 'core/index.js'
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null
  const rel = toPosix(relative(root, resolve(dirname(file), spec)))
  return rel.startsWith('..') ? null : rel
}

const isCoreIndex = (rel) =>
  ['core', 'core/index'].includes(rel.replace(/\.(?:[cm]?[jt]s|tsx)$/, '').replace(/\/$/, ''))

/** The service-name context of a string literal (a use()/maybeUse()/provide() argument or a list of services), or null. */
function serviceContext(lit) {
  const parent = lit.parent
  if (ts.isCallExpression(parent) && parent.arguments[0] === lit) {
    const callee = parent.expression
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ''
    if (SERVICE_CALLS.has(name)) return `${name}('${lit.text}')`
  }
  let node = parent
  while (
    node &&
    (ts.isArrayLiteralExpression(node) ||
      ts.isObjectLiteralExpression(node) ||
      ts.isPropertyAssignment(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression?.(node))
  ) {
    const owner = node.parent
    if (
      owner &&
      (ts.isPropertyAssignment(owner) || ts.isVariableDeclaration(owner)) &&
      owner.initializer === node
    ) {
      const key =
        owner.name && (ts.isIdentifier(owner.name) || ts.isStringLiteral(owner.name)) ? owner.name.text : ''
      if (SERVICE_LISTS.test(key)) return `the service list "${key}"`
    }
    node = owner
  }
  return null
}

/** A literal type that names a property, not a plugin: `Pick<T, 'status'>`, `Omit<T, 'x' | 'y'>`, `T['status']`. */
function isPropertyKeyType(lit) {
  let node = lit.parent
  if (!node || !ts.isLiteralTypeNode(node)) return false
  while (node.parent && ts.isUnionTypeNode(node.parent)) node = node.parent
  const owner = node.parent
  if (owner && ts.isIndexedAccessTypeNode(owner)) return owner.indexType === node
  return (
    !!owner &&
    ts.isTypeReferenceNode(owner) &&
    ts.isIdentifier(owner.typeName) &&
    ['Pick', 'Omit'].includes(owner.typeName.text) &&
    owner.typeArguments?.[1] === node
  )
}

function checkCoreLiterals(sf, rel, plugins, specNodes, report) {
  const lines = sf.text.split('\n')
  const visit = (node) => {
    if (
      ts.isStringLiteralLike(node) &&
      plugins.has(node.text) &&
      !specNodes.has(node) &&
      !isPropertyKeyType(node)
    ) {
      const line = lineOf(sf, node)
      const ctx = serviceContext(node)
      const name = node.text
      if (ctx)
        report(
          2,
          rel,
          line,
          `core asks for the plugin "${name}" by name in ${ctx}: move this code into plugins/${name} (or let that plugin register itself on a core hook/service); the escape comment does not apply to service names`,
        )
      else if (!ESCAPE.test(lines[line - 1] ?? ''))
        report(
          2,
          rel,
          line,
          `core names the plugin "${name}" in a string literal: move the plugin-specific code into plugins/${name}, or, if "${name}" here is an ordinary word, add \`// layers: not a plugin name (<why>)\` on this line`,
        )
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
}

const HERMES = 'plugins/hermes'

function checkImport(from, rel, imp, target, report) {
  const to = folderOf(target)
  const at = `"${imp.spec}" (${imp.via}${imp.typeOnly ? ', type-only' : ''})`
  if (from === 'core' && to?.startsWith('plugins/'))
    report(
      1,
      rel,
      imp.line,
      `core must not import ${to}: ${at}; move what core needs into core (a type into core, a service interface merged into Services by the plugin's types.ts) or let the plugin register it through a hook or service`,
    )
  else if (from === 'core' && to === 'training')
    report(
      1,
      rel,
      imp.line,
      `core must not import training/: ${at}; let plugins/provenance offer it (a command or service it registers), core reaches training only through that plugin`,
    )
  else if (from?.startsWith('plugins/') && from !== 'plugins/provenance' && to === 'training')
    report(
      3,
      rel,
      imp.line,
      `only plugins/provenance may import training/: ${at}; ask the provenance service (host.use('provenance')) instead`,
    )
  else if (from === 'training' && to?.startsWith('plugins/'))
    report(
      3,
      rel,
      imp.line,
      `training must not import ${to}: ${at}; take it as a parameter from plugins/provenance, or move it into training/ or core/`,
    )
  else if (from?.startsWith('plugins/') && from !== HERMES && to === HERMES && !imp.typeOnly)
    report(
      5,
      rel,
      imp.line,
      `plugins/hermes is reached through its service, not its modules: ${at}; use host.use('hermes') (declare needs: ['hermes']) and pass it down, and \`import type\` from ../hermes/types.js for its types`,
    )
  else if (from === 'training' && to === 'core' && !isCoreIndex(target))
    report(
      3,
      rel,
      imp.line,
      `training may import from core only its public API: ${at}; import it from core/index.js (re-export it from core/index.ts if it is missing)`,
    )
}

/** Every distinct cycle in the folder graph, each the shortest one through one of its folders. */
function findCycles(edges) {
  const cycles = new Map()
  for (const start of [...edges.keys()].sort()) {
    const prev = new Map([[start, null]])
    const queue = [start]
    let end = null
    while (queue.length && !end) {
      const at = queue.shift()
      for (const next of [...(edges.get(at)?.keys() ?? [])].sort()) {
        if (next === start) {
          end = at
          break
        }
        if (!prev.has(next)) {
          prev.set(next, at)
          queue.push(next)
        }
      }
    }
    if (!end) continue
    const path = []
    for (let n = end; n !== null; n = prev.get(n)) path.unshift(n)
    const min = path.indexOf([...path].sort()[0])
    const ring = [...path.slice(min), ...path.slice(0, min)]
    cycles.set(ring.join(' → '), ring)
  }
  return [...cycles.values()]
}

function main() {
  const { root, json } = parseArgs(process.argv.slice(2))
  const pkgPath = join(root, 'package.json')
  const pkgName = existsSync(pkgPath) ? JSON.parse(readFileSync(pkgPath, 'utf8')).name : undefined
  const plugins = new Set(listPlugins(root))
  const files = ['core', 'training', 'plugins'].flatMap((d) => listFiles(join(root, d)))
  const violations = []
  const report = (rule, file, line, message) => violations.push({ rule, file, line, message })
  const edges = new Map() // from → (to → first { file, line })

  for (const file of files) {
    const rel = toPosix(relative(root, file))
    const from = folderOf(rel)
    if (!from) continue
    const kind = /\.[cm]?js$/.test(file)
      ? ts.ScriptKind.JS
      : file.endsWith('x')
        ? ts.ScriptKind.TSX
        : ts.ScriptKind.TS
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind)
    const imports = collectImports(sf)
    for (const imp of imports) {
      const target = resolveSpec(root, file, imp.spec, pkgName)
      if (!target) continue
      checkImport(from, rel, imp, target, report)
      const to = folderOf(target)
      if (!to || to === from || imp.typeOnly) continue
      if (!edges.has(from)) edges.set(from, new Map())
      if (!edges.get(from).has(to)) edges.get(from).set(to, { file: rel, line: imp.line })
    }
    if (from === 'core') checkCoreLiterals(sf, rel, plugins, new Set(imports.map((i) => i.node)), report)
  }
  for (const ring of findCycles(edges)) {
    const hops = ring.map((f, i) => ({ f, t: ring[(i + 1) % ring.length] }))
    const where = hops.map(({ f, t }) => `${edges.get(f).get(t).file}:${edges.get(f).get(t).line}`)
    const first = edges.get(hops[0].f).get(hops[0].t)
    report(
      4,
      first.file,
      first.line,
      `import cycle ${[...ring, ring[0]].join(' → ')} (value imports at ${where.join(', ')}): break one edge — \`import type\` for a type, or move the shared part into the folder both depend on`,
    )
  }

  violations.sort((a, b) => a.rule - b.rule || a.file.localeCompare(b.file) || a.line - b.line)
  if (json) process.stdout.write(`${JSON.stringify(violations, null, 2)}\n`)
  else
    for (const v of violations) process.stdout.write(`${v.file}:${v.line}: ${v.message} [rule ${v.rule}]\n`)
  const counts = [1, 2, 3, 4, 5]
    .map((r) => `rule ${r}: ${violations.filter((v) => v.rule === r).length}`)
    .join(', ')
  const scope = `${files.length} files in core, training and ${plugins.size} plugins`
  if (violations.length) {
    process.stderr.write(`check-layers: ${violations.length} layering violations in ${scope} (${counts})\n`)
    process.exit(1)
  }
  if (!json)
    process.stdout.write(
      `check-layers: ${scope}: layers clean (core names no plugin, training reached only through provenance, no folder cycles, hermes only through its service)\n`,
    )
}

main()
