/**
 * A stand-in `hermes` executable for CLI tests (Hermes is outside timmy): it takes the real one-shot
 * flags (FORMATS.md §7: `-p PROFILE`, `-z PROMPT`, `-m MODEL`, `--provider P`, `-t TOOLSETS`,
 * `--usage-file F`), records its argv and HERMES_HOME beside itself (calls.jsonl), writes the usage
 * JSON Hermes writes, and answers on stdout. Words in the prompt steer it: `tokens:<in>/<out>` spends
 * that much, `fractional` writes a count that is not a whole number, `verdict:<word>` (or the variable
 * STUB_VERDICT, passed through `pluginOptions.dispatch.passEnv`) ends the answer with `VERDICT: <word>`.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SCRIPT = `#!${process.execPath}
const fs = require('node:fs')
const path = require('node:path')
const args = process.argv.slice(2)
const get = (flag) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined }
const prompt = get('-z') || ''
fs.appendFileSync(path.join(__dirname, 'calls.jsonl'), JSON.stringify({ args, hermesHome: process.env.HERMES_HOME }) + '\\n')
const m = /tokens:(\\d+)\\/(\\d+)/.exec(prompt)
const input = m ? Number(m[1]) : 1000
const output = m ? Number(m[2]) : 100
const usage = { estimated_cost_usd: 0.0042, cost_status: 'estimated', cost_source: 'official_docs_snapshot',
  input_tokens: /fractional/.test(prompt) ? input + 0.5 : input, output_tokens: output, cache_read_tokens: 0,
  cache_write_tokens: 0, reasoning_tokens: 0, total_tokens: input + output, api_calls: 1, model: get('-m') || 'default-model',
  provider: get('--provider') || 'auto', session_id: '20260718_120000_stub01', completed: true, failed: false, service_tier: null }
const file = get('--usage-file')
if (file) fs.writeFileSync(file, JSON.stringify(usage))
const v = process.env.STUB_VERDICT || (/verdict:(\\w+)/.exec(prompt) || [])[1]
process.stdout.write('Done.' + (v ? '\\nVERDICT: ' + v : '') + '\\n')
`

export interface StubHermes {
  bin: string
  calls(): { args: string[]; hermesHome: string }[]
}

export function writeStubHermes(dir: string): StubHermes {
  mkdirSync(dir, { recursive: true })
  const bin = join(dir, 'hermes')
  writeFileSync(bin, SCRIPT)
  chmodSync(bin, 0o755)
  return {
    bin,
    calls() {
      let text = ''
      try {
        text = readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      } catch {}
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { args: string[]; hermesHome: string })
    },
  }
}
