/** A project folder for authoring tests: lanes, a config, and the files given, run through the real CLI. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

export const LANES = `lanes:
  coder:
    wizard: coder
    toolsets: [terminal, file]
  reviewer:
    wizard: reviewer
`

export interface JsonError {
  code: string
  message: string
  file?: string
  line?: number
  col?: number
}
export interface ValidateReport {
  ok: boolean
  errors: number
  files: { file: string; ok: boolean; checked: boolean; kind?: string; errors: JsonError[] }[]
}

export function project(t: { after(fn: () => void): void }, files: Record<string, string>, config?: object) {
  const box = sandbox(t)
  const all: Record<string, string> = {
    'playbooks/lanes.yaml': LANES,
    'timmy.config.json': JSON.stringify(
      config ?? { pluginOptions: { playbooks: { builtin: false }, pool: { size: 1 } } },
    ),
    ...files,
  }
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(dirname(join(box.cwd, rel)), { recursive: true })
    writeFileSync(join(box.cwd, rel), text)
  }
  const cli = (args: string[], cwd = box.cwd) => runCli(args, { cwd, env: box.env })
  return { box, cli }
}
