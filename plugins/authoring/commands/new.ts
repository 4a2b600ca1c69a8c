/** `timmy new plugin|playbook <name>`: scaffold one, with a playbook fixture that passes. */
import { defineCommand } from '../../../core/cli/command.js'

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
    const { playbookFiles } = await import('../scaffold/playbook-files.js')
    const { pluginFiles } = await import('../scaffold/plugin-files.js')
    const { projectLane } = await import('../scaffold/project-lane.js')
    const { checkName, writeNewFiles } = await import('../scaffold/write-files.js')
    const { addToConfig } = await import('../scaffold/add-to-config.js')
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
