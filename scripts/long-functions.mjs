// Lists the functions of N or more lines, longest first: node scripts/long-functions.mjs 60 core plugins training
import ts from 'typescript'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
const [min, ...dirs] = process.argv.slice(2)
const walk = (d, out = []) => { for (const e of readdirSync(d)) { const p = join(d, e); statSync(p).isDirectory() ? walk(p, out) : p.endsWith('.ts') && out.push(p) } return out }
for (const d of dirs) for (const f of walk(d)) {
  const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)
  const visit = (n) => {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart()).line, b = sf.getLineAndCharacterOfPosition(n.getEnd()).line
      if (b - a + 1 >= Number(min)) {
        let name = n.name?.getText?.() ?? (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText() : ts.isPropertyAssignment(n.parent) ? n.parent.name.getText() : '(anonymous)')
        console.log(`${b - a + 1}\t${f}:${a + 1}\t${name}`)
      }
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
}
