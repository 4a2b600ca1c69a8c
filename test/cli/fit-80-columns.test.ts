/**
 * Issue 17 acceptance: with COLUMNS=80 no line of any command's --help (built-in and plugin, each
 * subcommand too), `plugins`, `doctor`, `budget status` or `run-playbook --list` is wider than 80.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { commands } from '../../core/cli/commands.js'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const BUDGETS = [
  {
    name: 'bugs-of-the-long-named-pipeline',
    scope: 'pipeline',
    match: 'bug-fixer',
    window: 'daily',
    tokens: 10_000,
  },
  { name: 'spend', window: 'monthly', cost: 5 },
]

function tooWide(text: string): string[] {
  return text.split('\n').filter((l) => [...l].length > 80)
}

test('with COLUMNS=80 no line of help, plugins, doctor, budget status or run-playbook --list is wider than 80', async (t) => {
  const box = sandbox(t)
  mkdirSync(box.hermes, { recursive: true })
  writeFileSync(
    join(box.cwd, 'timmy.config.json'),
    JSON.stringify({ pluginOptions: { budget: { budgets: BUDGETS } } }),
  )
  const env = { ...box.env, COLUMNS: '80' }
  const run = (args: string[]) => runCli(args, { cwd: box.cwd, env })

  const help = await run(['--help'])
  assert.equal(help.code, 0, help.stderr)
  // Every command the help lists (plugin commands included), and every subcommand of each.
  const names = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]+)(?: |$)/gm)].map((m) => m[1]!)
  assert.ok(names.includes('budget') && names.includes('deploy') && names.includes('completion'))
  for (const name of Object.keys(commands)) assert.ok(names.includes(name), `${name} is listed`)
  const outputs: [string, string][] = [['--help', help.stdout]]
  const helpOf = async (args: string[]) => {
    const r = await run([...args, '--help'])
    assert.equal(r.code, 0, `${args.join(' ')} --help: ${r.stderr}`)
    outputs.push([`${args.join(' ')} --help`, r.stdout])
    return r.stdout
  }
  // Three at a time: each is its own process, as a user runs it.
  const subcommands: string[][] = []
  await inBatches(
    names.filter((n) => n !== 'help'),
    3,
    async (name) => {
      const text = await helpOf([name])
      const block = text.split(/^Commands:$/m)[1] ?? ''
      for (const m of block.matchAll(/^ {2}([a-z][a-z-]+)(?: |$)/gm))
        if (m[1] !== 'help') subcommands.push([name, m[1]!])
    },
  )
  assert.ok(
    subcommands.some(([c, s]) => c === 'tasks' && s === 'list'),
    'subcommands are listed in help',
  )
  await inBatches(subcommands, 3, helpOf)
  for (const args of [['plugins'], ['doctor'], ['budget', 'status'], ['run-playbook', '--list']]) {
    const r = await run(args)
    assert.ok(r.code === 0 || args[0] === 'doctor', `${args.join(' ')}: ${r.stderr}`)
    assert.ok(r.stdout.split('\n').length > 2, `${args.join(' ')} printed something`)
    outputs.push([args.join(' '), r.stdout])
  }
  for (const [what, text] of outputs) assert.deepEqual(tooWide(text), [], `${what} fits in 80 columns`)

  // --wide prints a table whole: the long budget name is no longer cut.
  const cut = await run(['budget', 'status'])
  assert.doesNotMatch(cut.stdout, /bugs-of-the-long-named-pipeline/)
  assert.match(cut.stdout, /…/)
  const wide = await run(['budget', 'status', '--wide'])
  assert.match(wide.stdout, /bugs-of-the-long-named-pipeline/)
})

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}
