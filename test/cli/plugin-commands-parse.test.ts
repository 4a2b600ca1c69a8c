/**
 * Issue 17: plugin commands declare their subcommands and options, so the one parser gives them
 * help with a description for every flag (within 80 columns), and a did-you-mean (exit 2, coded)
 * for a mistyped flag or subcommand — before the command runs.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

interface Case {
  /** The command (and subcommand) whose --help lists `options`. */
  help: string[]
  options: string[]
  /** A call with a mistyped flag, and the flag it should suggest. */
  typo: string[]
  suggests: string
  /** A mistyped subcommand and the one it should suggest. */
  sub?: [string, string]
}

const CASES: Case[] = [
  {
    help: ['gitea', 'issues'],
    options: ['--state <state>', '--label <name>'],
    typo: ['gitea', 'issues', 'fleet/api', '--stat', 'open'],
    suggests: '--state',
    sub: ['isues', 'issues'],
  },
  {
    help: ['skin', 'preview'],
    options: ['--width <columns>'],
    typo: ['skin', 'preview', 'timmy', '--widht', '40'],
    suggests: '--width',
    sub: ['previw', 'preview'],
  },
  {
    help: ['triage', 'sweep'],
    options: ['--confirm', '--ceiling <n>', '--repo <owner/repo>', '--only <part>'],
    typo: ['triage', 'sweep', '--confrim'],
    suggests: '--confirm',
    sub: ['swep', 'sweep'],
  },
  {
    help: ['status'],
    options: ['--watch', '--interval <seconds>', '--no-gitea'],
    typo: ['status', '--no-gite'],
    suggests: '--no-gitea',
  },
  {
    help: ['policy', 'scan'],
    options: ['--policy <file>'],
    typo: ['policy', 'scan', '.', '--polcy', 'p.yaml'],
    suggests: '--policy',
    sub: ['scna', 'scan'],
  },
  {
    help: ['housekeeping', 'history'],
    options: [],
    typo: ['housekeeping', 'history', '--jsno'],
    suggests: '--json',
    sub: ['histroy', 'history'],
  },
  {
    help: ['orchestrate'],
    options: ['--once', '--standby', '--confirm'],
    typo: ['orchestrate', '--standy'],
    suggests: '--standby',
  },
  {
    help: ['dispatch'],
    options: ['--lane <name>', '--prompt <text>', '--apply'],
    typo: ['dispatch', 'fleet/api', '1', '--aply'],
    suggests: '--apply',
  },
  { help: ['flush-continuity'], options: [], typo: ['flush-continuity', '--jsn'], suggests: '--json' },
]

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

test('plugin commands: --help describes every flag within 80 columns; mistyped flags and subcommands get a did-you-mean', async (t) => {
  const box = sandbox(t)
  const env = { ...box.env, COLUMNS: '80' }
  const run = (args: string[]) => runCli(args, { cwd: box.cwd, env })

  await inBatches(CASES, 3, async (c) => {
    const what = c.help.join(' ')
    const help = await run([...c.help, '--help'])
    assert.equal(help.code, 0, `${what} --help: ${help.stderr}`)
    const wide = help.stdout.split('\n').filter((l) => [...l].length > 80)
    assert.deepEqual(wide, [], `${what} --help fits in 80 columns`)
    const own = help.stdout.split(/^Global Options:$/m)[0]!.split(/^Options:$/m)[1] ?? ''
    for (const option of c.options)
      assert.match(
        own,
        new RegExp(`^ {2}${escapeRe(option)} {2,}\\S`, 'm'),
        `${what} --help describes ${option}`,
      )
    const listed = [...own.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1])
    assert.deepEqual(
      listed.filter((o) => o !== '--help'),
      c.options.map((o) => o.split(' ')[0]),
      `${what} --help lists exactly its options`,
    )

    const typo = await run(c.typo)
    assert.equal(typo.code, 2, `${c.typo.join(' ')}: ${typo.stderr}`)
    assert.match(typo.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
    assert.match(typo.stderr, new RegExp(`did you mean "${escapeRe(c.suggests)}"\\?`), c.typo.join(' '))
    assert.doesNotMatch(typo.stderr, /\n\s+at /, 'no stack trace')
    assert.equal(typo.stdout, '', `${c.typo.join(' ')} did not run`)

    if (!c.sub) return
    const [wrong, right] = c.sub
    const sub = await run([c.help[0]!, wrong])
    assert.equal(sub.code, 2, `${c.help[0]} ${wrong}: ${sub.stderr}`)
    assert.match(sub.stderr, /TIMMY_ERR_CLI_BAD_ARGS/)
    assert.match(sub.stderr, new RegExp(`unknown subcommand "${wrong}" \\(did you mean "${right}"\\?\\)`))
  })
})

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}
