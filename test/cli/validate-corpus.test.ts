import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { main } from '../../core/cli/main.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

interface Case {
  file: string
  content: string | Buffer
  code: string
  line?: number
}

const billionLaughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
for (let i = 1; i < 9; i++)
  billionLaughs.push(
    `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
      .fill(`*${String.fromCharCode(96 + i)}`)
      .join(',')}]`,
  )

const skin = (body: string) => `name: bad\n${body}`

/** Malformed inputs, each with the coded error it must produce (and the line, where one is to blame). */
const CORPUS: Case[] = [
  { file: 'config/unclosed-flow.yaml', content: 'a: [1, 2\nb: 3\n', code: 'TIMMY_ERR_YAML_SYNTAX' },
  { file: 'config/tab-indent.yaml', content: 'a:\n\tb: 1\n', code: 'TIMMY_ERR_YAML_TABS', line: 2 },
  { file: 'config/tab-nested.yaml', content: 'a:\n  b:\n  \tc: 1\n', code: 'TIMMY_ERR_YAML_TABS', line: 3 },
  {
    file: 'config/duplicate-key.yaml',
    content: 'name: a\nlane: x\nname: b\n',
    code: 'TIMMY_ERR_YAML_DUPLICATE_KEY',
    line: 3,
  },
  {
    file: 'config/duplicate-nested.yaml',
    content: 'a:\n  x: 1\n  x: 2\n',
    code: 'TIMMY_ERR_YAML_DUPLICATE_KEY',
    line: 3,
  },
  {
    file: 'config/alias-bomb.yaml',
    content: `${billionLaughs.join('\n')}\n`,
    code: 'TIMMY_ERR_YAML_ALIAS_LIMIT',
  },
  { file: 'config/empty.yaml', content: '', code: 'TIMMY_ERR_YAML_EMPTY' },
  { file: 'config/only-comments.yaml', content: '# nothing here\n# at all\n', code: 'TIMMY_ERR_YAML_EMPTY' },
  { file: 'config/whitespace.yaml', content: '   \n\n  \n', code: 'TIMMY_ERR_YAML_EMPTY' },
  {
    file: 'config/binary.yaml',
    content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x10]),
    code: 'TIMMY_ERR_INPUT_BINARY',
  },
  {
    file: 'config/bad-utf8.yaml',
    content: Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]),
    code: 'TIMMY_ERR_INPUT_BINARY',
  },
  {
    file: 'config/huge.yaml',
    content: `a: "${'x'.repeat(10 * 1024 * 1024)}"\n`,
    code: 'TIMMY_ERR_INPUT_TOO_LARGE',
  },
  { file: 'config/unterminated-string.yaml', content: 'a: "abc\nb: 1\n', code: 'TIMMY_ERR_YAML_SYNTAX' },
  { file: 'config/mixed-seq-map.yaml', content: 'a: 1\n- b\n', code: 'TIMMY_ERR_YAML_SYNTAX', line: 2 },
  { file: 'config/two-documents.yaml', content: 'a: 1\n---\nb: 2\n', code: 'TIMMY_ERR_YAML_SYNTAX' },
  { file: 'config/extra-bracket.yaml', content: 'a: [1, 2]]\n', code: 'TIMMY_ERR_YAML_SYNTAX', line: 1 },
  { file: 'config/unknown-alias.yaml', content: 'a: *nowhere\n', code: 'TIMMY_ERR_YAML_SYNTAX' },
  {
    file: 'config/deep-nesting.yaml',
    content: `${'['.repeat(20000)}${']'.repeat(20000)}\n`,
    code: 'TIMMY_ERR_YAML_TOO_DEEP',
    line: 1,
  },
  { file: 'config/json-unclosed.json', content: '{"a": 1,\n "b": [1, 2\n', code: 'TIMMY_ERR_YAML_SYNTAX' },
  {
    file: 'config/json-duplicate.json',
    content: '{\n  "a": 1,\n  "a": 2\n}\n',
    code: 'TIMMY_ERR_YAML_DUPLICATE_KEY',
    line: 3,
  },
  {
    file: 'config/bad-indent.yaml',
    content: 'a:\n    b: 1\n  c: 2\n',
    code: 'TIMMY_ERR_YAML_SYNTAX',
    line: 3,
  },
  {
    file: 'config/control-char.yaml',
    content: 'a: "bell\u0007"\nb: \u0001\n',
    code: 'TIMMY_ERR_YAML_SYNTAX',
  },
  {
    file: 'skins/no-name.yaml',
    content: 'description: no name\ncolors: {}\n',
    code: 'TIMMY_ERR_SKIN_INVALID',
  },
  { file: 'skins/name-number.yaml', content: 'name: 42\n', code: 'TIMMY_ERR_SKIN_INVALID', line: 1 },
  { file: 'skins/top-list.yaml', content: '- name: x\n', code: 'TIMMY_ERR_SKIN_INVALID' },
  { file: 'skins/top-scalar.yaml', content: 'just a string\n', code: 'TIMMY_ERR_SKIN_INVALID' },
  {
    file: 'skins/color-name.yaml',
    content: skin('colors:\n  banner_border: red\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/color-short-hex.yaml',
    content: skin('colors:\n  ui_ok: "#fff"\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/color-number.yaml',
    content: skin('colors:\n  ui_ok: 123456\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/colors-list.yaml',
    content: skin('colors:\n  - "#ffffff"\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/wings-triple.yaml',
    content: skin('spinner:\n  wings:\n    - ["<", ">"]\n    - ["<", "-", ">"]\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 5,
  },
  {
    file: 'skins/wings-string.yaml',
    content: skin('spinner:\n  wings: "<>"\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/verbs-string.yaml',
    content: skin('spinner:\n  thinking_verbs: thinking\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 3,
  },
  {
    file: 'skins/branding-map.yaml',
    content: skin('branding:\n  agent_name:\n    first: T\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 4,
  },
  {
    file: 'skins/spinner-scalar.yaml',
    content: skin('spinner: fast\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 2,
  },
  {
    file: 'skins/emojis-list.yaml',
    content: skin('tool_emojis: [a, b]\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 2,
  },
  {
    file: 'skins/tool-prefix-number.yaml',
    content: skin('tool_prefix: 7\n'),
    code: 'TIMMY_ERR_SKIN_INVALID',
    line: 2,
  },
  { file: 'skins/wrong-ext.yml', content: 'name: wrong\n', code: 'TIMMY_ERR_SKIN_BAD_EXTENSION' },
]

function writeCorpus(dir: string): void {
  for (const c of CORPUS) {
    mkdirSync(join(dir, c.file, '..'), { recursive: true })
    writeFileSync(join(dir, c.file), c.content)
  }
}

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (d) => (text += d))
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text }
}

test(`timmy validate gives a coded error with exit 2 and no stack trace for each of ${CORPUS.length} malformed inputs`, async (t) => {
  assert.ok(CORPUS.length >= 30)
  const box = sandbox(t)
  writeCorpus(box.cwd)
  const cwd = process.cwd()
  process.chdir(box.cwd)
  t.after(() => process.chdir(cwd))
  const saved = { TIMMY_HOME: process.env.TIMMY_HOME, HERMES_HOME: process.env.HERMES_HOME }
  process.env.TIMMY_HOME = box.home
  process.env.HERMES_HOME = box.hermes
  t.after(() => Object.assign(process.env, saved))
  for (const c of CORPUS) {
    await t.test(c.file, async () => {
      const out = capture()
      const err = capture()
      const code = await main(['validate', '--json', join(box.cwd, c.file)], {
        stdout: out.stream,
        stderr: err.stream,
      })
      assert.equal(code, 2)
      const report = JSON.parse(out.text()) as {
        ok: boolean
        files: { ok: boolean; error?: { code: string; line?: number; file?: string } }[]
      }
      const bad = report.files.find((f) => !f.ok)
      assert.ok(bad, 'the file is reported invalid')
      assert.equal(bad.error?.code, c.code)
      if (c.line) assert.equal(bad.error?.line, c.line, 'the error points at the right line')
      assert.doesNotMatch(err.text(), /\n\s+at /, 'no stack trace')
    })
  }
})

test('the real CLI over the whole corpus exits 2, reports every file, and prints no stack trace', async (t) => {
  const box = sandbox(t)
  writeCorpus(box.cwd)
  writeFileSync(join(box.cwd, 'skins', 'good.yaml'), 'name: good\ncolors:\n  ui_ok: "#00ff00"\n')
  const res = await runCli(['validate'], { cwd: box.cwd, env: box.env })
  assert.equal(res.code, 2)
  assert.match(res.stdout, /ok {4}skins\/good\.yaml \(skin\)/)
  assert.match(res.stdout, new RegExp(`1 valid, ${CORPUS.length} invalid`))
  assert.doesNotMatch(res.stderr, /\n\s+at /)
  for (const c of CORPUS) assert.ok(res.stderr.includes(c.code), `${c.file} reported with ${c.code}`)
})
