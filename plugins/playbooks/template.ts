/**
 * `with:` values may embed expressions: `"${{ steps.classify.output.labels }}"`. A string that is one
 * expression and nothing else keeps the value's type (a list stays a list); otherwise the parts are
 * joined as text. Templates are compiled once per playbook load, evaluated per run.
 */
import { type Expr, evaluate, parseExpression } from './expression.js'

const MARK = /\$\{\{(.*?)\}\}/g

export type Template =
  | { t: 'value'; value: unknown }
  | { t: 'expr'; e: Expr }
  | { t: 'text'; parts: (string | Expr)[] }
  | { t: 'list'; items: Template[] }
  | { t: 'map'; entries: [string, Template][] }

/** Where an expression sits in a `with:` value (path into the value, offset inside the string). */
export interface FoundExpr {
  path: (string | number)[]
  /** Offset of the expression's first character inside the string. */
  offset: number
  e: Expr
}

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
    readonly offset: number,
    readonly expr: string,
  ) {
    super(message)
  }
}

export function compileTemplate(
  value: unknown,
  path: (string | number)[] = [],
  found: FoundExpr[] = [],
): Template {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return { t: 'value', value }
    const parts: (string | Expr)[] = []
    let last = 0
    for (const m of value.matchAll(MARK)) {
      const src = m[1]!
      const start = m.index! + 3
      let e: Expr
      try {
        e = parseExpression(src)
      } catch (err) {
        const off = (err as { offset?: number }).offset ?? 0
        throw new TemplateError((err as Error).message, path, start + off, src.trim())
      }
      found.push({ path, offset: start, e })
      if (m.index! > last) parts.push(value.slice(last, m.index!))
      parts.push(e)
      last = m.index! + m[0].length
    }
    const rest = value.slice(last)
    if (rest.includes('${{'))
      throw new TemplateError('"${{" without a closing "}}"', path, value.indexOf('${{', last), rest)
    if (rest) parts.push(rest)
    if (parts.length === 1 && typeof parts[0] !== 'string') return { t: 'expr', e: parts[0]! }
    return { t: 'text', parts }
  }
  if (Array.isArray(value))
    return { t: 'list', items: value.map((v, i) => compileTemplate(v, [...path, i], found)) }
  if (value && typeof value === 'object')
    return {
      t: 'map',
      entries: Object.entries(value).map(([k, v]) => [k, compileTemplate(v, [...path, k], found)]),
    }
  return { t: 'value', value }
}

export function renderTemplate(t: Template, scope: Record<string, unknown>): unknown {
  switch (t.t) {
    case 'value':
      return t.value
    case 'expr':
      return evaluate(t.e, scope)
    case 'text':
      return t.parts.map((p) => (typeof p === 'string' ? p : textOf(evaluate(p, scope)))).join('')
    case 'list':
      return t.items.map((i) => renderTemplate(i, scope))
    case 'map':
      return Object.fromEntries(t.entries.map(([k, v]) => [k, renderTemplate(v, scope)]))
  }
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'object') return Array.isArray(v) ? v.map(textOf).join(', ') : JSON.stringify(v)
  return String(v)
}
