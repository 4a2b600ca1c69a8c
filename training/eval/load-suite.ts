/**
 * Load an eval suite: YAML with positions → TypeBox check → the checks a schema cannot express (one
 * scorer per list item, prompt or messages, unique ids, regexes that compile, a reference where
 * similarity is asked). Every error points at `file:line:col` of the suite.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { checkSchema, loadYamlFile, packageRoot, type YamlSource } from '../../core/index.js'
import { E } from '../errors.js'
import { type EvalCase, type EvalMessage, SuiteSchema } from './suite-schema.js'

/** The suite shipped with timmy (`training/` is in package.json `files`). */
export const DEFAULT_SUITE = join(packageRoot(), 'training', 'eval', 'suites', 'adversary.yaml')

export interface Suite {
  name: string
  file: string
  cases: EvalCase[]
}

export function loadSuite(file: string): Suite {
  if (!existsSync(file)) throw E.EVAL_SUITE_MISSING({ file })
  const src = loadYamlFile(file)
  const suite = checkSchema(SuiteSchema, src.value, { locate: src.locate })
  const seen = new Map<string, number>()
  const cases = suite.cases.map((c, i): EvalCase => {
    const at = (...path: (string | number)[]) => src.locate(['cases', i, ...path])
    const fail = (reason: string, loc = at()) => E.EVAL_SUITE_INVALID({ reason }, { loc })
    const first = seen.get(c.id)
    if (first !== undefined)
      throw fail(`case id "${c.id}" is used twice (first at cases[${first}]): ids must be unique`, at('id'))
    seen.set(c.id, i)
    if ((c.prompt === undefined) === (c.messages === undefined))
      throw fail('give a case either `prompt` or `messages`, not both and not neither')
    c.expect.forEach((scorer, j) => {
      const keys = Object.keys(scorer)
      if (keys.length !== 1)
        throw fail(
          `each item of expect names one scorer, found ${keys.length ? keys.join(', ') : 'none'}`,
          at('expect', j),
        )
      for (const k of ['regex', 'not-regex'] as const) {
        const re = scorer[k]
        if (re !== undefined) checkRegex(re, src, ['cases', i, 'expect', j, k])
      }
      if (scorer.similarity && c.reference === undefined)
        throw fail('similarity needs a `reference` answer in the case', at('expect', j))
    })
    const system = c.system ?? suite.system
    const messages: EvalMessage[] = [
      ...(system ? [{ role: 'system' as const, content: system }] : []),
      ...(c.messages ?? [{ role: 'user' as const, content: c.prompt! }]),
    ]
    return {
      id: c.id,
      category: c.category,
      messages,
      ...(c.reference !== undefined ? { reference: c.reference } : {}),
      expect: c.expect,
    }
  })
  return { name: suite.name, file, cases }
}

function checkRegex(re: string, src: YamlSource, path: (string | number)[]): void {
  try {
    new RegExp(re, 'i')
  } catch (err) {
    throw E.EVAL_SUITE_INVALID(
      { reason: `the regular expression does not compile (${(err as Error).message})` },
      { loc: src.locate(path) },
    )
  }
}
