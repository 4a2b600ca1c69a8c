/** `timmy init`: start a project in the current folder (empty but for dotfiles). */
import { defineCommand } from '../../../core/cli/command.js'

export default defineCommand({
  summary: 'Start a project in this (empty) folder: config, lanes, a playbook with a fixture',
  description:
    'Writes timmy.config.ts, playbooks/lanes.yaml, playbooks/welcome.yaml (thank whoever opens an ' +
    'issue) and its fixture playbooks/fixtures/welcome/opened/, and the Hermes overlay config/config.yaml ' +
    'and config/SOUL.md (timmy deploy --dry-run shows what it writes). Then: timmy validate, timmy ' +
    'test-playbooks, timmy run-playbook welcome --event playbooks/fixtures/welcome/opened/event.json. ' +
    'The folder must be empty but for dotfiles (.git); nothing is overwritten.',
  async run(ctx) {
    const { readdirSync } = await import('node:fs')
    const { E } = await import('../../../core/errors.js')
    const { projectFiles } = await import('../scaffold/project-files.js')
    const { writeNewFiles } = await import('../scaffold/write-files.js')
    const cwd = process.cwd()
    const present = readdirSync(cwd).filter((f) => !f.startsWith('.'))
    if (present.length)
      throw E.CLI_SCAFFOLD_EXISTS({
        path: `${cwd}/${present[0]}`,
        what: 'timmy init',
        fix: 'run it in an empty folder (dotfiles such as .git may stay)',
      })
    const written = writeNewFiles(cwd, projectFiles(), 'timmy init')
    if (ctx.json) ctx.printJson({ ok: true, files: written })
    else {
      for (const f of written) ctx.print(`created  ${f}`)
      ctx.print('next: timmy validate && timmy test-playbooks')
    }
    return 0
  },
})
