// Issue 16, finding 4: MCP run_playbook ran a playbook at any path with a lanes.yaml beside it.
/**
 * Finding 4 of issue 16: MCP `run_playbook` ran a playbook at any path with a `lanes.yaml` beside it, so
 * an agent could write its own playbook and lane rules and have them applied with timmy's Gitea token.
 * It now takes the name of a playbook in the project's playbooks folders, never a path.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { BIN, TSX } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'

const PLAYBOOK = (name: string) =>
  `name: ${name}\nlane: coder\non: { event: issues.opened }\nsteps:\n  - id: greet\n    use: playbooks/comment\n    with: { body: "from ${name}" }\n`
const LANES = 'lanes:\n  coder: { wizard: ezra, repos: ["o/*"] }\n'

test('run_playbook over MCP runs project playbooks by name and refuses paths and unknown names', async (t) => {
  const box = sandbox(t)
  mkdirSync(join(box.cwd, 'playbooks'), { recursive: true })
  writeFileSync(join(box.cwd, 'playbooks', 'hello.yaml'), PLAYBOOK('hello'))
  writeFileSync(join(box.cwd, 'playbooks', 'lanes.yaml'), LANES)
  // What an agent could write in its workspace: a playbook with lanes of its own choosing.
  const evil = join(box.root, 'workspace')
  mkdirSync(evil, { recursive: true })
  writeFileSync(join(evil, 'evil.yaml'), PLAYBOOK('evil'))
  writeFileSync(join(evil, 'lanes.yaml'), 'lanes:\n  coder: { wizard: ezra, repos: ["*"] }\n')
  writeFileSync(join(box.cwd, 'sneaky'), PLAYBOOK('sneaky'))

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', TSX, BIN, 'mcp'],
    cwd: box.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: box.env.HOME!, TIMMY_HOME: box.home, HERMES_HOME: box.hermes },
    stderr: 'pipe',
  })
  const client = new Client({ name: 'timmy-security-test', version: '0.0.0' })
  await client.connect(transport)
  t.after(() => client.close())
  const call = async (playbook: string) => {
    const r = (await client.callTool({
      name: 'run_playbook',
      arguments: { playbook, event: { event: 'issues.opened', repo: 'o/r', issue: 1, payload: {} } },
    })) as { isError?: boolean; content: { text: string }[] }
    return { isError: r.isError === true, text: r.content[0]!.text }
  }

  const ok = await call('hello')
  assert.equal(ok.isError, false, ok.text)
  assert.equal((JSON.parse(ok.text) as { playbook: string }).playbook, 'hello')

  for (const ref of [
    join(evil, 'evil.yaml'),
    '../workspace/evil.yaml',
    'playbooks/hello.yaml',
    'hello.yaml',
  ]) {
    const r = await call(ref)
    assert.equal(r.isError, true, `${ref} must be refused: ${r.text}`)
    assert.match(r.text, /^TIMMY_ERR_HERMES_PLAYBOOK_NOT_A_NAME: /, ref)
  }
  // A file in the working folder named like a playbook is not a playbook of the project.
  const sneaky = await call('sneaky')
  assert.equal(sneaky.isError, true, sneaky.text)
  assert.match(sneaky.text, /^TIMMY_ERR_PLAYBOOK_NOT_FOUND: /)
})
