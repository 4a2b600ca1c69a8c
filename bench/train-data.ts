/** Realistic Hermes sessions for the training benchmark: chats and tool sessions, some repeats. */
import type Sqlite from 'better-sqlite3'
import {
  createStateDb,
  type FixtureMessage,
  insertSession,
  sessionId,
} from '../test/train/helpers/hermes-fixture.js'
import { rng, words } from '../test/train/helpers/text.js'

export function makeStateDb(
  file: string,
  sessions: number,
  options: { size?: 'full' | 'small'; fts?: boolean } = {},
): void {
  const r = rng(1)
  const small = options.size === 'small'
  const db: Sqlite.Database = createStateDb(file, { fts: options.fts ?? true })
  db.pragma('synchronous = OFF')
  const users = ['alice', 'bob', 'carol', 'dave', 'erin']
  let previous: FixtureMessage[] = []
  const insertAll = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      let msgs: FixtureMessage[]
      if (i % 10 === 9)
        msgs = previous // a repeated conversation
      else {
        msgs = []
        const turns = small ? 1 : 1 + Math.floor(r() * 3)
        for (let t = 0; t < turns; t++) {
          msgs.push({ role: 'user', content: words(r, small ? 20 : 20 + Math.floor(r() * 60)) })
          if (r() < 0.5) {
            const id = `call_${i}_${t}`
            msgs.push({
              role: 'assistant',
              content: '',
              tool_calls: [
                {
                  id,
                  type: 'function',
                  function: { name: 'terminal', arguments: JSON.stringify({ command: words(r, 3) }) },
                },
              ],
            })
            msgs.push({
              role: 'tool',
              content: JSON.stringify({
                output: words(r, small ? 20 : 40 + Math.floor(r() * 120)),
                exit_code: 0,
              }),
              tool_call_id: id,
              tool_name: 'terminal',
            })
          }
          msgs.push({ role: 'assistant', content: words(r, small ? 40 : 40 + Math.floor(r() * 160)) })
        }
      }
      previous = msgs
      insertSession(db, {
        id: sessionId(i),
        source: i % 7 === 0 ? 'cron' : 'cli',
        user_id: users[i % users.length]!,
        model: 'anthropic/claude-sonnet-4.6',
        billing_provider: 'openrouter',
        started_at: 1784384553 + i * 61,
        messages: msgs,
      })
    }
  })
  for (let i = 0; i < sessions; i += 10_000) insertAll(i, Math.min(sessions, i + 10_000))
  db.close()
}
