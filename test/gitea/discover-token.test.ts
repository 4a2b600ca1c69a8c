import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { discoverToken, scrubEnv } from '../../plugins/gitea/discover-token.js'
import { sandbox } from '../helpers/temp.js'

function put(file: string, text: string, mode = 0o600) {
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, text)
  chmodSync(file, mode)
}

test('the token is found in $HERMES_HOME/gitea_token, then gitea_token_vps, then ~/.config/gitea/token', (t) => {
  const box = sandbox(t)
  const home = box.env.HOME!
  const opts = { hermesHome: box.hermes, home }
  put(join(home, '.config/gitea/token'), 'tok-config\n')
  assert.deepEqual(discoverToken(opts), { token: 'tok-config', source: join(home, '.config/gitea/token') })
  put(join(box.hermes, 'gitea_token_vps'), 'tok-vps\n')
  assert.equal(discoverToken(opts).token, 'tok-vps')
  put(join(box.hermes, 'gitea_token'), '  tok-main  \n')
  assert.equal(discoverToken(opts).token, 'tok-main')
})

test('a token in config, or a configured token file, wins over discovery', (t) => {
  const box = sandbox(t)
  put(join(box.hermes, 'gitea_token'), 'tok-main')
  put(join(box.root, 'my-token'), 'tok-file')
  assert.equal(discoverToken({ hermesHome: box.hermes, token: 'tok-inline' }).source, 'config')
  assert.equal(
    discoverToken({ hermesHome: box.hermes, tokenFile: join(box.root, 'my-token') }).token,
    'tok-file',
  )
})

test('a token file readable by group or others is refused with the chmod 600 fix', (t) => {
  const box = sandbox(t)
  for (const mode of [0o644, 0o640, 0o604]) {
    put(join(box.hermes, 'gitea_token'), 'tok-main', mode)
    assert.throws(
      () => discoverToken({ hermesHome: box.hermes, home: box.env.HOME! }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'TIMMY_ERR_GITEA_TOKEN_INSECURE')
        assert.match(e.message, /chmod 600/)
        assert.ok(!e.message.includes('tok-main'))
        return true
      },
    )
  }
})

test('no token anywhere is GITEA_NO_TOKEN naming every place looked in', (t) => {
  const box = sandbox(t)
  assert.throws(
    () => discoverToken({ hermesHome: box.hermes, home: box.env.HOME! }),
    (e: Error & { code?: string }) =>
      e.code === 'TIMMY_ERR_GITEA_NO_TOKEN' && e.message.includes('gitea_token_vps'),
  )
  put(join(box.hermes, 'gitea_token'), '\n')
  assert.throws(
    () => discoverToken({ hermesHome: box.hermes }),
    (e: Error & { code?: string }) => e.code === 'TIMMY_ERR_GITEA_TOKEN_UNREADABLE',
  )
})

test('scrubEnv drops every variable that carries the token, for child processes', () => {
  const env = { PATH: '/bin', GITEA_TOKEN: 'x', LEAK: 'Bearer tok-secret', OTHER: 'fine' }
  assert.deepEqual(scrubEnv(env, 'tok-secret'), { PATH: '/bin', OTHER: 'fine' })
})
