/** `timmy new plugin|playbook <name>`: scaffold one, with a playbook fixture that passes. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from '../../../core/cli/command.js'
import { playbookFiles } from '../scaffold/playbook-files.js'
import { pluginFiles } from '../scaffold/plugin-files.js'
import { projectLane } from '../scaffold/project-lane.js'
import { checkName, writeNewFiles } from '../scaffold/write-files.js'

export default defineCommand({
  summary: 'Scaffold a plugin or a playbook (with a fixture) in this project',
  description:
    'Files are written under the current folder and never overwrite one. A plugin is added to ' +
    '`plugins: []` of timmy.config.ts when that array is there (as `timmy init` writes it); otherwise ' +
    'add "./plugins/<name>" to your config yourself. Run it in a project (`timmy init` first); the ' +
    'playbook gets the first lane of playbooks/lanes.yaml.',
  subcommands: {
    plugin: {
      summary: 'plugins/<name>/ (index.ts, steps.ts with a step), a playbook using it, a fixture',
      args: '<name>',
    },
    playbook: {
      summary: 'playbooks/<name>.yaml (runs on the label <name>) and playbooks/fixtures/<name>/labelled/',
      args: '<name>',
    },
  },
  async run(ctx) {
    const [kind, raw] = ctx.positionals
    const name = checkName(raw)
    const cwd = process.cwd()
    const lane = projectLane(cwd, `timmy new ${kind} ${name}`)
    const files = kind === 'plugin' ? pluginFiles(name, lane) : playbookFiles(name, lane)
    const written = writeNewFiles(cwd, files, `timmy new ${kind}`)
    const registered = kind === 'plugin' && addToConfig(cwd, `./plugins/${name}`)
    if (ctx.json) ctx.printJson({ ok: true, files: written, registered })
    else {
      for (const f of written) ctx.print(`created  ${f}`)
      if (registered) ctx.print(`added    ./plugins/${name} to plugins in timmy.config.ts`)
      else if (kind === 'plugin') ctx.print(`next: add "./plugins/${name}" to plugins in your config`)
      ctx.print('next: timmy validate && timmy test-playbooks')
    }
    return 0
  },
})

/** Add a plugin path to `plugins: [...]` of timmy.config.ts, when the array is written out there. */
function addToConfig(cwd: string, ref: string): boolean {
  const file = join(cwd, 'timmy.config.ts')
  if (!existsSync(file)) return false
  const text = readFileSync(file, 'utf8')
  const m = /^(\s*)plugins:\s*\[([^\]]*)\]/m.exec(text)
  if (!m) return false
  const items = m[2]!.trim().replace(/,$/, '')
  const next = `${m[1]}plugins: [${items ? `${items}, ` : ''}'${ref}']`
  writeFileSync(file, text.slice(0, m.index) + next + text.slice(m.index + m[0].length))
  return true
}
