/** `timmy status --watch` in tmux at 80×24: fits the width, and redraws when a wizard's state changes. */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { BIN, runCli, TSX } from '../helpers/cli.js'
import { findBin } from '../helpers/find-bin.js'
import { sandbox } from '../helpers/temp.js'
import { populate } from './_populate.js'

/** .ci/run installs tmux when missing; the test skips, saying so, only without it. */
const TMUX = findBin('tmux')

async function until(read: () => string, ok: (s: string) => boolean, what: string): Promise<string> {
  let last = ''
  for (let i = 0; i < 150; i++) {
    last = read()
    if (ok(last)) return last
    await sleep(200)
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${last}`)
}

test('status --watch redraws in place at 80×24 when a wizard changes state', {
  skip: TMUX
    ? false
    : 'no tmux on PATH (.ci/run installs it: apt-get install -y --no-install-recommends tmux)',
  timeout: 120_000,
}, async (t) => {
  const box = sandbox(t)
  await populate(t, box)
  const session = `timmy-status-${process.pid}`
  const sock = join(box.root, 'tmux.sock')
  const tmux = (...args: string[]) =>
    execFileSync(TMUX!, ['-S', sock, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const script = join(box.root, 'watch.sh')
  const pidFile = join(box.root, 'watch.pid')
  const env = Object.entries({ TIMMY_HOME: box.home, HERMES_HOME: box.hermes, HOME: box.env.HOME! })
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('\n')
  writeFileSync(
    script,
    `${env}\ncd '${box.cwd}'\necho $$ > '${pidFile}'\nexec '${process.execPath}' --import '${TSX}' '${BIN}' status --watch --interval 0.5 --no-gitea\n`,
  )
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `sh ${script}`)
  // The sandbox may be gone (with tmux's socket) before this runs: the watcher is also killed by pid.
  let pid: number | undefined
  t.after(() => {
    try {
      tmux('kill-server')
    } catch {}
    try {
      if (pid) process.kill(pid, 'SIGTERM')
    } catch {}
  })
  const screen = () => tmux('capture-pane', '-p', '-t', session)
  const first = await until(screen, (s) => /reviewer\s+PAUSED/.test(s), 'the first screen')
  pid = Number(readFileSync(pidFile, 'utf8').trim()) || undefined
  for (const line of first.split('\n')) assert.ok([...line].length <= 80, `line wider than 80: ${line}`)
  assert.match(first, /coder\s+UP/)

  const resumed = await runCli(['deadman', 'resume', 'reviewer'], { cwd: box.cwd, env: box.env })
  assert.equal(resumed.code, 0, resumed.stderr)
  const after = await until(
    screen,
    (s) => !/reviewer\s+PAUSED/.test(s) && /reviewer\s+\w+/.test(s),
    'the redraw after resume',
  )
  assert.match(after, /coder\s+UP/)
  // Redrawn in place: the header appears once on the screen, not scrolled copies.
  assert.equal(after.match(/^timmy /gm)?.length, 1)
})
