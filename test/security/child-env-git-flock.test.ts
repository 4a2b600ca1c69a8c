// Issue 16 follow-up: `git` (config-repo pull) and `flock` (Hermes' cron lock) got timmy's whole environment.
/**
 * Finding 6 gave deadman commands an allow-listed environment, but the `git` of a config-repo pull and
 * the `flock` holding Hermes' cron lock were still spawned with timmy's whole environment (Gitea token,
 * webhook secret). They now get core/child-env.ts's allow-list; git also gets the names it needs for ssh
 * remotes and proxies (GIT_CHILD_ENV_NAMES).
 */

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { test } from 'node:test'
import { pullConfigRepo } from '../../plugins/deploy/pull-config-repo.js'
import { createHermesService } from '../../plugins/hermes/create-hermes-service.js'
import { withFileLock } from '../../plugins/hermes/file-lock.js'
import { configRepo } from '../helpers/git-daemon.js'
import { sandbox } from '../helpers/temp.js'

const SECRETS = { GITEA_TOKEN: 'gitea-token-value', TIMMY_WEBHOOK_SECRET: 'webhook-secret-value' }

/** `<dir>/<name>`: a wrapper that appends its environment to `dump`, then execs the real command. */
function wrapper(dir: string, name: string, dump: string): void {
  const real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\nenv >> '${dump}'\necho ---- >> '${dump}'\nexec '${real}' "$@"\n`)
  chmodSync(file, 0o755)
}

test("the config-repo pull's git and the cron lock's flock do not see timmy's secrets", async (t) => {
  const box = sandbox(t)
  const bin = join(box.root, 'bin')
  mkdirSync(bin)
  const dump = join(box.root, 'env.txt')
  writeFileSync(dump, '')
  wrapper(bin, 'git', dump)
  wrapper(bin, 'flock', dump)
  const repo = await configRepo(t, box.root)
  const sha = repo.commit({ 'config/SOUL.md': 'hi\n' })

  const saved = { ...process.env }
  t.after(() => {
    for (const name of [...Object.keys(SECRETS), 'PATH', 'SSH_AUTH_SOCK']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })
  Object.assign(process.env, SECRETS, {
    PATH: `${bin}${delimiter}${saved.PATH ?? ''}`,
    SSH_AUTH_SOCK: '/run/agent.sock',
  })

  const got = await pullConfigRepo({
    workdir: join(box.home, 'config-repo'),
    hermes: createHermesService(),
    remote: repo.url,
    branch: 'main',
    commit: sha,
  })
  assert.equal(got, sha)
  const gitEnv = readFileSync(dump, 'utf8')
  assert.match(gitEnv, /^PATH=/m, 'the wrapper ran (git got PATH)')
  for (const [name, value] of Object.entries(SECRETS))
    assert.equal(gitEnv.includes(value), false, `git saw ${name}`)
  assert.match(gitEnv, /^SSH_AUTH_SOCK=\/run\/agent\.sock$/m, 'git keeps what ssh remotes need')
  writeFileSync(dump, '')

  assert.equal(await withFileLock(join(box.hermes, 'cron', '.jobs.lock'), () => 'held'), 'held')
  const flockEnv = readFileSync(dump, 'utf8')
  assert.match(flockEnv, /^PATH=/m, 'the flock wrapper ran')
  for (const [name, value] of Object.entries(SECRETS))
    assert.equal(flockEnv.includes(value), false, `flock saw ${name}`)
  assert.doesNotMatch(flockEnv, /^SSH_AUTH_SOCK=/m, 'flock gets no git-only names')
})
