/**
 * `timmy completion <shell>` completes every command timmy has here: core's, the built-in plugins'
 * declared ones (deploy, tasks …) and their subcommands and flags.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

test('timmy completion bash names core and plugin commands, their subcommands and flags', async (t) => {
  const box = sandbox(t)
  const r = await runCli(['completion', 'bash'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 0, r.stderr)
  for (const word of ['serve', 'validate', 'deploy', 'tasks', 'run-playbook', 'budget', 'completion'])
    assert.match(r.stdout, new RegExp(`\\b${word}\\b`), `${word} is completed`)
  assert.match(r.stdout, /--dry-run/, "deploy's --dry-run is completed")
  assert.match(r.stdout, /\blist\b/, "tasks' list subcommand is completed")
})

test('timmy completion with an unknown shell is a usage error naming the shells', async (t) => {
  const box = sandbox(t)
  const r = await runCli(['completion', 'tcsh'], { cwd: box.cwd, env: box.env })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /TIMMY_ERR_CLI_BAD_ARGS.*bash, zsh, fish/)
})
