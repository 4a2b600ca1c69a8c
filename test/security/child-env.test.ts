// Issue 16, finding 6: deadman check/restart/probe commands inherited timmy's whole environment.
/**
 * Finding 6 of issue 16: deadman `check`/`restart`/`probe` commands inherited timmy's whole environment
 * (Gitea token, webhook secret, API keys). They now get an allow-list (core/child-env.ts) plus the names
 * the operator lists in `pluginOptions.deadman.passEnv`.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import deadman from '../../plugins/deadman/index.js'
import hermes from '../../plugins/hermes/index.js'
import { testHost } from '../helpers/host.js'
import { sandbox } from '../helpers/temp.js'

const SECRETS = {
  GITEA_TOKEN: 'gitea-token-value',
  TIMMY_WEBHOOK_SECRET: 'webhook-secret-value',
  GITEA_WEBHOOK_SECRET: 'gitea-webhook-secret-value',
  OPENAI_API_KEY: 'sk-openai',
  ANTHROPIC_API_KEY: 'sk-anthropic',
}

/** A command that writes the environment it got to `file` (and exits with `code`). */
const dump = (file: string, code = 0) => [
  process.execPath,
  '-e',
  `require('node:fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify(process.env)); process.exit(${code})`,
]

test("deadman's check, restart and probe commands do not see timmy's secrets", async (t) => {
  const saved = { ...process.env }
  t.after(() => {
    for (const name of [...Object.keys(SECRETS), 'OPERATOR_VAR', 'LC_TIME']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })
  Object.assign(process.env, SECRETS, { OPERATOR_VAR: 'passed', LC_TIME: 'C' })

  const box = sandbox(t)
  const files = {
    check: join(box.root, 'check.json'),
    restart: join(box.root, 'restart.json'),
    probe: join(box.root, 'probe.json'),
  }
  const { host } = await testHost(t, {
    box,
    plugins: [hermes, deadman],
    config: {
      pluginOptions: {
        deadman: {
          dryRun: false,
          stampDir: box.root,
          startGraceSeconds: 1,
          periodSeconds: 1,
          graceSeconds: 0,
          passEnv: ['OPERATOR_VAR'],
          wizards: {
            ezra: {
              check: dump(files.check, 1),
              restart: dump(files.restart),
              probe: dump(files.probe),
              env: { WIZARD_VAR: 'set' },
            },
          },
        },
      },
    },
  })
  const dm = host.service('deadman')!
  const t0 = Date.now()
  await dm.heartbeat(t0)
  const report = await dm.heartbeat(t0 + 600_000)
  assert.ok(
    report.actions.some((a) => a.kind === 'restart' && a.outcome === 'ok'),
    `a restart ran: ${JSON.stringify(report.actions)}`,
  )
  await dm.heartbeatHeavy(t0 + 600_000)

  for (const [role, file] of Object.entries(files)) {
    assert.ok(existsSync(file), `${role} ran`)
    const env = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    for (const name of Object.keys(SECRETS))
      assert.equal(env[name], undefined, `${role} must not see ${name}`)
    assert.deepEqual(
      Object.keys(env).filter((n) => /TOKEN|SECRET|_API_KEY$/.test(n)),
      [],
      `${role} sees no token, secret or API key`,
    )
    assert.equal(env.PATH, process.env.PATH, `${role} gets PATH`)
    assert.equal(env.LC_TIME, 'C', `${role} gets LC_*`)
    assert.equal(env.OPERATOR_VAR, 'passed', `${role} gets the names listed in passEnv`)
    assert.equal(env.WIZARD_VAR, 'set', `${role} gets the wizard's env`)
  }
})
