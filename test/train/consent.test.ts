import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { isTimmyError } from '../../core/errors.js'
import { createRegistry, loadConsent } from '../../training/consent.js'
import { tempDir } from '../helpers/temp.js'

const JULY = Date.parse('2026-07-18T12:00:00Z') / 1000

describe('the consent registry', () => {
  const reg = createRegistry([
    { scope: 'source', id: 'cli', level: 'train', at: '2026-01-01T00:00:00Z' },
    { scope: 'user', id: 'alice', level: 'eval', at: '2026-01-01T00:00:00Z' },
    { scope: 'user', id: 'alice', level: 'train', at: '2026-06-01T00:00:00Z', license: 'CC-BY-4.0' },
    { scope: 'user', id: 'bob', level: 'train', at: '2026-08-01T00:00:00Z' },
    { scope: 'user', id: 'carol', level: 'train', at: '2026-01-01T00:00:00Z' },
    { scope: 'user', id: 'carol', level: 'withdrawn', at: '2026-09-01T00:00:00Z' },
    { scope: 'session', id: 's-1', level: 'none', at: '2026-01-01T00:00:00Z' },
  ])
  const at = (user: string | null, started_at: number | null = JULY, session_id = 'x', platform = 'cli') =>
    reg.resolve({ session_id, user_id: user, platform, started_at })

  test('the latest entry given before the session applies, with its time and licence', () => {
    assert.deepEqual(at('alice'), {
      consent: { level: 'train', scope: 'user', id: 'alice', given_at: '2026-06-01T00:00:00.000Z' },
      level: 'train',
      license: 'CC-BY-4.0',
    })
    assert.equal(at('alice', Date.parse('2026-03-01T00:00:00Z') / 1000).level, 'eval')
  })

  test('consent given only after the session leaves it without consent', () => {
    assert.deepEqual(at('bob'), { consent: null, level: null, note: 'given_after_session' })
  })

  test('a withdrawal covers sessions before it too', () => {
    assert.equal(at('carol').level, 'withdrawn')
  })

  test('a session entry wins over the user, and the user over the source', () => {
    assert.equal(at('alice', JULY, 's-1').level, 'none')
    assert.equal(at('nobody').consent?.scope, 'source')
  })

  test('no entry at any scope means no consent; an unknown session time means none either', () => {
    assert.deepEqual(at('nobody', JULY, 'x', 'telegram'), { consent: null, level: null, note: 'none' })
    assert.equal(at('bob', null).note, 'session_time_unknown')
  })

  test('a missing registry file is an empty registry', () => {
    assert.equal(loadConsent(join(tempDir(), 'absent.yaml')).size, 0)
  })

  test('an invalid registry names file:line:col', (t) => {
    const dir = tempDir(t)
    const bad = join(dir, 'consent.yaml')
    writeFileSync(
      bad,
      'grants:\n  - { scope: user, id: a, level: train, at: "2026-01-01T00:00:00Z" }\n  - { scope: team, id: b, level: train, at: "2026-01-01" }\n',
    )
    assert.throws(
      () => loadConsent(bad),
      (e: unknown) => isTimmyError(e) && e.loc?.line === 3 && e.loc.file === bad,
    )
    writeFileSync(bad, 'grants:\n  - { scope: user, id: a, level: train, at: "last tuesday" }\n')
    assert.throws(
      () => loadConsent(bad),
      (e: unknown) => isTimmyError(e, 'TIMMY_ERR_TRAIN_CONSENT_INVALID') && e.loc?.line === 2,
    )
  })
})
