/** 30+ malformed overlay files: each is a coded error pointing at the file, and nothing is written. */
import assert from 'node:assert/strict'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runDeploy } from '../../plugins/deploy/run-deploy.js'
import { sandbox } from '../helpers/temp.js'
import { BASE_CONFIG, baseOverlay, bootHost, contextFor, treeDigest } from './_overlay.js'

type Case = [name: string, files: Record<string, string | Buffer>, code: string, file?: string]

const C = 'config/config.yaml'
const J = 'config/cron.yaml'
const job = (body: string) => `jobs:\n  - {id: j, name: J, ${body}}\n`

const CASES: Case[] = [
  ['tab indentation', { [C]: 'model:\n\tdefault: x\n' }, 'TIMMY_ERR_YAML_TABS', C],
  ['duplicate key', { [C]: 'display: {}\ndisplay: {}\n' }, 'TIMMY_ERR_YAML_DUPLICATE_KEY', C],
  ['unclosed list', { [C]: 'toolsets: [a, b\n' }, 'TIMMY_ERR_YAML_SYNTAX', C],
  ['a list at the top', { [C]: '- a\n- b\n' }, 'TIMMY_ERR_YAML_NOT_MAPPING', C],
  [
    '_config_version shipped',
    { [C]: `${BASE_CONFIG}_config_version: 33\n` },
    'TIMMY_ERR_DEPLOY_CONFIG_VERSION_SHIPPED',
    C,
  ],
  ['unknown terminal backend', { [C]: 'terminal: {backend: kubernetes}\n' }, 'TIMMY_ERR_SCHEMA_INVALID', C],
  ['max_turns not a number', { [C]: 'agent: {max_turns: many}\n' }, 'TIMMY_ERR_SCHEMA_INVALID', C],
  ['unknown display.interface', { [C]: 'display: {interface: gui}\n' }, 'TIMMY_ERR_SCHEMA_INVALID', C],
  [
    'fallback_providers not a list',
    { [C]: 'fallback_providers: openrouter\n' },
    'TIMMY_ERR_SCHEMA_INVALID',
    C,
  ],
  [
    'custom_providers as a mapping',
    { [C]: 'custom_providers: {a: {base_url: x}}\n' },
    'TIMMY_ERR_SCHEMA_INVALID',
    C,
  ],
  [
    'memory limit not an integer',
    { [C]: 'memory: {memory_char_limit: 1.5}\n' },
    'TIMMY_ERR_SCHEMA_INVALID',
    C,
  ],
  [
    'mcp args not a list',
    { [C]: 'mcp_servers: {x: {command: node, args: "a b"}}\n' },
    'TIMMY_ERR_SCHEMA_INVALID',
    C,
  ],
  [
    'undocumented ${VAR}',
    { [C]: 'model: {api_key: "${SECRET_KEY}"}\n' },
    'TIMMY_ERR_DEPLOY_UNDOCUMENTED_VAR',
    C,
  ],
  [
    'alias bomb',
    {
      [C]: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(12).fill('*a').join(', ')}]\nc: [${Array(12).fill('*b').join(', ')}]\n`,
    },
    'TIMMY_ERR_YAML_ALIAS_LIMIT',
    C,
  ],
  ['binary config', { [C]: Buffer.from([0x6d, 0x3a, 0x00, 0x01]) }, 'TIMMY_ERR_INPUT_BINARY', C],
  ['oversized config', { [C]: `a: "${'x'.repeat(2 * 1024 * 1024)}"\n` }, 'TIMMY_ERR_INPUT_TOO_LARGE', C],
  [
    'aliases not JSON',
    { 'config/channel_aliases.json': '{"telegram": {' },
    'TIMMY_ERR_JSON_SYNTAX',
    'config/channel_aliases.json',
  ],
  [
    'aliases a list',
    { 'config/channel_aliases.json': '[1, 2]' },
    'TIMMY_ERR_SCHEMA_INVALID',
    'config/channel_aliases.json',
  ],
  [
    'alias name a number',
    { 'config/channel_aliases.json': '{"telegram": {"1": 2}}' },
    'TIMMY_ERR_SCHEMA_INVALID',
    'config/channel_aliases.json',
  ],
  [
    'schedule in words',
    { [J]: job('schedule: "every blue moon", prompt: p') },
    'TIMMY_ERR_HERMES_CRON_BAD_SCHEDULE',
    J,
  ],
  [
    'six-field cron',
    { [J]: job('schedule: "0 0 9 * * *", prompt: p') },
    'TIMMY_ERR_HERMES_CRON_BAD_SCHEDULE',
    J,
  ],
  [
    'cron minute out of range',
    { [J]: job('schedule: "75 9 * * *", prompt: p') },
    'TIMMY_ERR_HERMES_CRON_BAD_SCHEDULE',
    J,
  ],
  [
    'shell string as script',
    { [J]: job('schedule: "every 5m", script: "rm -rf /; echo hi"') },
    'TIMMY_ERR_HERMES_CRON_UNSAFE',
    J,
  ],
  [
    'script leaving scripts/',
    { [J]: job('schedule: "every 5m", script: ../../bin/x.sh') },
    'TIMMY_ERR_HERMES_CRON_UNSAFE',
    J,
  ],
  [
    'workdir with shell characters',
    { [J]: job('schedule: "every 5m", prompt: p, workdir: "/tmp;reboot"') },
    'TIMMY_ERR_HERMES_CRON_UNSAFE',
    J,
  ],
  [
    'duplicate job ids',
    {
      [J]: 'jobs:\n  - {id: j, name: A, schedule: "every 5m", prompt: p}\n  - {id: j, name: B, schedule: "every 5m", prompt: p}\n',
    },
    'TIMMY_ERR_HERMES_CRON_DUPLICATE_ID',
    J,
  ],
  ['unknown job key', { [J]: job('schedule: "every 5m", command: "ls"') }, 'TIMMY_ERR_SCHEMA_UNKNOWN_KEY', J],
  ['job without schedule', { [J]: job('prompt: p') }, 'TIMMY_ERR_SCHEMA_INVALID', J],
  [
    'job id with spaces',
    { [J]: 'jobs:\n  - {id: "Bad Id", name: J, schedule: "every 5m", prompt: p}\n' },
    'TIMMY_ERR_SCHEMA_INVALID',
    J,
  ],
  ['job with neither prompt nor script', { [J]: job('schedule: "every 5m"') }, 'TIMMY_ERR_SCHEMA_INVALID', J],
  ['jobs not a list', { [J]: 'jobs: {a: 1}\n' }, 'TIMMY_ERR_SCHEMA_INVALID', J],
  ['skin named .yml', { 'skins/x.yml': 'name: x\n' }, 'TIMMY_ERR_SKIN_BAD_EXTENSION', 'skins/x.yml'],
  ['skin a scalar', { 'skins/x.yaml': 'just text\n' }, 'TIMMY_ERR_SKIN_INVALID', 'skins/x.yaml'],
  ['skin syntax', { 'skins/x.yaml': 'name: [x\n' }, 'TIMMY_ERR_YAML_SYNTAX', 'skins/x.yaml'],
  [
    'memory not Markdown',
    { 'config/memories/notes.txt': 'x\n' },
    'TIMMY_ERR_DEPLOY_BAD_FILE',
    'config/memories/notes.txt',
  ],
  [
    'unknown file in config/',
    { 'config/settings.ini': 'x=1\n' },
    'TIMMY_ERR_DEPLOY_BAD_FILE',
    'config/settings.ini',
  ],
  ['binary SOUL.md', { 'config/SOUL.md': Buffer.from([0xff, 0xfe, 0x00]) }, 'TIMMY_ERR_INPUT_BINARY'],
  ['policy a list', { 'config/policy.yaml': '- a\n' }, 'TIMMY_ERR_SCHEMA_INVALID', 'config/policy.yaml'],
  [
    'bad Hermes plugin file name',
    { 'config/hermes-plugins/bridge/bad name.py': 'x\n' },
    'TIMMY_ERR_DEPLOY_BAD_FILE',
  ],
]

test(`${CASES.length} malformed overlay files are coded errors and nothing is written`, async (t) => {
  assert.ok(CASES.length >= 30)
  const sb = sandbox(t)
  baseOverlay(sb.cwd)
  const host = await bootHost(sb)
  t.after(() => host.close())
  const ctx = contextFor(sb, host)
  await runDeploy(ctx, { source: sb.cwd })
  const before = treeDigest(sb.home) + treeDigest(sb.hermes)
  for (const [i, [name, files, code, file]] of CASES.entries()) {
    const dir = join(sb.root, `case-${i}`)
    baseOverlay(dir)
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true })
      writeFileSync(join(dir, rel), content)
    }
    await assert.rejects(
      runDeploy(ctx, { source: dir }),
      (err: any) => {
        assert.equal(err.code, code, `${name}: ${err.message}`)
        if (file)
          assert.ok(String(err.loc?.file).endsWith(file), `${name}: points at ${file}, got ${err.loc?.file}`)
        return true
      },
      name,
    )
    assert.equal(treeDigest(sb.home) + treeDigest(sb.hermes), before, `${name}: nothing written`)
    rmSync(dir, { recursive: true, force: true })
  }
  rmSync(join(sb.cwd, 'config'), { recursive: true })
  await assert.rejects(runDeploy(ctx, { source: sb.cwd }), { code: 'TIMMY_ERR_DEPLOY_NO_OVERLAY' })
})
