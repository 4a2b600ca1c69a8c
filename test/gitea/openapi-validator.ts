/**
 * Validate what the fake Gitea receives and sends against Gitea's own OpenAPI 3 document (only when
 * `GITEA_SPEC` names it: the contract run). ajv over `components.schemas`, compiled lazily per
 * operation, limited to the paths the fake serves.
 *
 * Two deliberate relaxations, both facts about Gitea rather than gaps in the fake:
 * - go-swagger writes no `nullable`, yet Go pointer and nil-slice fields serialise as `null`
 *   (`milestone`, `assignees`, `pull_request`, `closed_at`…), so a property not listed as required may be null.
 * - Go writes unset strings as "", so an empty string passes `format: uri`, `format: email` and a string
 *   `enum` (the state of an empty CombinedStatus); and
 *   `ssh_url` is scp-style (`git@host:owner/repo.git`), which passes `format: uri` too.
 * - statuses produced by middleware or by code that disagrees with the spec (API.md §1): 401 (auth),
 *   422 (binding), 500 (server error, e.g. an unknown assignee on issue edit) everywhere, and 409 on
 *   issue edit (content_version).
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { SpecValidator } from './fake-gitea.js'

type Json = Record<string, unknown>
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void

const ALWAYS_ALLOWED = new Set([401, 422, 500])
const DIVERGENCES: Record<string, number[]> = { 'PATCH /repos/{owner}/{repo}/issues/{index}': [409] }

const cache = new Map<string, SpecValidator>()

export function loadSpecValidator(file: string): SpecValidator {
  const hit = cache.get(file)
  if (hit) return hit
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, Json>>
    components: {
      schemas: Record<string, Json>
      responses: Record<string, Json>
      parameters?: Record<string, Json>
    }
  }
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false })
  addFormats(ajv)
  // Go writes an unset string as "", which Gitea sends for uri/email fields (original_url, avatar_url…).
  // ssh_url is scp-style (git@host:owner/repo.git), which is no URI either.
  ajv.addFormat(
    'uri',
    (v: string) => v === '' || /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(v) || /^[\w.-]+@[\w.-]+:\S+$/.test(v),
  )
  ajv.addFormat('email', (v: string) => v === '' || /^[^\s@]+@[^\s@]+$/.test(v))
  for (const f of ['int64', 'int32', 'float', 'double', 'binary', 'byte', 'datetime']) ajv.addFormat(f, true)
  const schemas: Record<string, unknown> = {}
  for (const [name, s] of Object.entries(spec.components.schemas)) schemas[name] = relax(rewriteRefs(s))
  ajv.addSchema({ $id: 'spec', components: { schemas } })

  const compiled = new Map<string, ValidateFunction>()
  const compile = (key: string, schema: unknown) => {
    let v = compiled.get(key)
    if (!v) {
      v = ajv.compile(relax(rewriteRefs(schema)) as Json)
      compiled.set(key, v)
    }
    return v
  }
  const deref = <T>(x: Json, kind: 'responses' | 'parameters'): T => {
    const ref = x.$ref as string | undefined
    if (!ref) return x as T
    return (spec.components[kind] as Record<string, Json>)[ref.split('/').pop()!] as T
  }
  const errorsOf = (v: ValidateFunction, where: string) =>
    (v.errors ?? [])
      .slice(0, 5)
      .map((e) => `${where}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)

  const validator: SpecValidator = {
    request(op, method, params, query, body) {
      const item = spec.paths[op]
      const operation = item?.[method.toLowerCase()] as Json | undefined
      if (!operation) return [`no operation ${method} ${op} in the spec`]
      const out: string[] = []
      const declared = [
        ...((item!.parameters as unknown as Json[]) ?? []),
        ...((operation.parameters as Json[]) ?? []),
      ].map((p) => deref<{ name: string; in: string; required?: boolean; schema?: Json }>(p, 'parameters'))
      for (const p of declared) {
        const key = `${method} ${op} ${p.in}:${p.name}`
        let value: unknown
        if (p.in === 'path') value = params[p.name]
        else if (p.in === 'query') {
          if (!query.has(p.name)) {
            if (p.required) out.push(`missing required query parameter ${p.name}`)
            continue
          }
          value = p.schema?.type === 'array' ? query.getAll(p.name) : query.get(p.name)
        } else continue
        if (value === undefined) {
          if (p.required) out.push(`missing ${p.in} parameter ${p.name}`)
          continue
        }
        const typed = coerce(value, p.schema ?? {})
        const v = compile(key, p.schema ?? {})
        if (!v(typed)) out.push(...errorsOf(v, `${p.in} parameter ${p.name}`))
      }
      const known = new Set(declared.filter((p) => p.in === 'query').map((p) => p.name))
      for (const name of new Set(query.keys()))
        if (!known.has(name)) out.push(`query parameter ${name} is not in the spec`)
      const rb = operation.requestBody as Json | undefined
      if (body !== undefined) {
        const schema = (rb?.content as Record<string, Json> | undefined)?.['application/json']?.schema
        if (!schema) out.push('a JSON body was sent, but the operation takes none')
        else {
          const v = compile(`${method} ${op} body`, schema)
          if (!v(body)) out.push(...errorsOf(v, 'body'))
        }
      } else if (rb?.required) out.push('the operation requires a body')
      return out
    },
    response(op, method, status, body) {
      const operation = spec.paths[op]?.[method.toLowerCase()] as Json | undefined
      if (!operation) return [`no operation ${method} ${op} in the spec`]
      const responses = operation.responses as Record<string, Json>
      const declared = responses[String(status)] ?? responses.default
      if (!declared) {
        if (ALWAYS_ALLOWED.has(status) || DIVERGENCES[`${method} ${op}`]?.includes(status)) return []
        return [
          `status ${status} is not among the documented responses (${Object.keys(responses).join(', ')})`,
        ]
      }
      const resp = deref<Json>(declared, 'responses')
      const schema = (resp.content as Record<string, Json> | undefined)?.['application/json']?.schema
      if (!schema) return []
      if (body === undefined) return [`status ${status} should carry a JSON body`]
      const v = compile(`${method} ${op} ${status}`, schema)
      return v(body) ? [] : errorsOf(v, 'body')
    },
  }
  cache.set(file, validator)
  return validator
}

function coerce(value: unknown, schema: Json): unknown {
  if (Array.isArray(value)) return value.map((v) => coerce(v, (schema.items as Json) ?? {}))
  if (typeof value !== 'string') return value
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value
  return value
}

function rewriteRefs(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(rewriteRefs)
  if (x && typeof x === 'object') {
    const out: Json = {}
    for (const [k, v] of Object.entries(x))
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : rewriteRefs(v)
    return out
  }
  return x
}

/**
 * Allow `null` for every property that is not required (Go pointers and nil slices), and "" for a
 * string enum (Go writes an unset string as "", e.g. the state of an empty CombinedStatus).
 */
function relax(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(relax)
  if (!x || typeof x !== 'object') return x
  const out: Json = {}
  for (const [k, v] of Object.entries(x as Json))
    out[k] =
      k === 'properties'
        ? v
        : k === 'enum' && (x as Json).type === 'string' && Array.isArray(v) && !v.includes('')
          ? [...v, '']
          : relax(v)
  const props = (x as Json).properties as Record<string, unknown> | undefined
  if (props && typeof props === 'object') {
    const required = new Set(((x as Json).required as string[]) ?? [])
    const relaxed: Json = {}
    for (const [name, s] of Object.entries(props))
      relaxed[name] = required.has(name) ? relax(s) : { anyOf: [relax(s), { type: 'null' }] }
    out.properties = relaxed
  }
  return out
}
