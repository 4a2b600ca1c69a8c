/**
 * Issue 17 finding 7: `deploy --diff` of a one-line change in a 6,000-line file (it was a quadratic
 * LCS table: 3.2 s and 381 MB). Through the real CLI, the hunk equals the one `diff -u` prints for the
 * same two files, in a heap of 128 MB. (The speed is measured in bench/deploy-diff.ts; no timing is asserted here.)
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { sandbox } from '../helpers/temp.js'
import { baseOverlay, writeOverlay } from './_overlay.js'

test('deploy --diff of a one-line change in a 6,000-line SOUL.md prints the hunk diff -u prints', async (t) => {
  const sb = sandbox(t)
  const lines = Array.from({ length: 6000 }, (_, i) =>
    `Rule ${i}: ${'keep it short '.repeat(i % 5)}`.trimEnd(),
  )
  baseOverlay(sb.cwd, { 'config/SOUL.md': `${lines.join('\n')}\n` })
  const cli = (...args: string[]) => runCli(args, { cwd: sb.cwd, env: sb.env, timeoutMs: 90_000 })
  const first = await cli('deploy')
  assert.equal(first.code, 0, first.stderr)

  const before = join(sb.root, 'before.md')
  writeFileSync(before, readFileSync(join(sb.cwd, 'config/SOUL.md')))
  lines[4321] = 'Rule 4321: changed'
  writeOverlay(sb.cwd, { 'config/SOUL.md': `${lines.join('\n')}\n` })
  // A heap of 128 MB: the quadratic table needed 381 MB for this file.
  const plan = await runCli(['deploy', '--diff', '--json'], {
    cwd: sb.cwd,
    env: { ...sb.env, NODE_OPTIONS: `${sb.env.NODE_OPTIONS ?? ''} --max-old-space-size=128`.trim() },
    timeoutMs: 90_000,
  })
  assert.equal(plan.code, 0, plan.stderr)
  const diff = (JSON.parse(plan.stdout) as { diffs: { path: string; diff: string }[] }).diffs.find(
    (d) => d.path === 'SOUL.md',
  )!.diff
  const reference = spawnSync('diff', ['-u', before, join(sb.cwd, 'config/SOUL.md')], { encoding: 'utf8' })
  assert.equal(reference.status, 1, reference.stderr)
  const hunks = (text: string) => text.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++'))
  assert.deepEqual(hunks(diff), hunks(reference.stdout.replace(/\n$/, '')))
  assert.match(diff, /^--- a\/SOUL\.md\n\+\+\+ b\/SOUL\.md\n@@ -4319,7 \+4319,7 @@/)
})
