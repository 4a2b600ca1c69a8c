import { ExpressionError } from './expression-error.js'

/** One token: an operator, a name, a number, a string, or the end. */
export type Tok = { k: 'op' | 'id' | 'num' | 'str' | 'end'; v: string; at: number }

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '.', '[', ']']

/** Split an expression into tokens; throws ExpressionError at an unterminated string or a stray character. */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (op) {
      out.push({ k: 'op', v: op, at: i })
      i += op.length
    } else if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1)
      if (end < 0) throw new ExpressionError('unterminated string', i)
      out.push({ k: 'str', v: src.slice(i + 1, end), at: i })
      i = end + 1
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i))
      if (!m) throw new ExpressionError(`unexpected "${c}"`, i)
      out.push({ k: 'num', v: m[0], at: i })
      i += m[0].length
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i))!
      out.push({ k: 'id', v: m[0], at: i })
      i += m[0].length
    } else throw new ExpressionError(`unexpected "${c}"`, i)
  }
  out.push({ k: 'end', v: '', at: src.length })
  return out
}
