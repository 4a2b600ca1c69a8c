import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { createStepPool } from '../../plugins/pool/create-pool.js'

const MODULE = new URL('./fixtures/steps.ts', import.meta.url).href

describe('the step pool', () => {
  const pool = createStepPool({ size: 2, maxMemoryMb: 32, stepTimeoutMs: 5_000 })
  after(() => pool.close())
  const run = (name: string, input: unknown = {}, timeoutMs?: number) =>
    pool.run(
      { module: MODULE, name, input },
      { label: `fixture/${name}`, ...(timeoutMs ? { timeoutMs } : {}) },
    )

  test('runs a TypeScript step in a worker thread and returns its output, effects and usage', async () => {
    const result = await run('withEffects', { n: 3 })
    assert.deepEqual(result, {
      output: { doubled: 6 },
      effects: [{ kind: 'test.record', n: 3 }],
      usage: { input_tokens: 3, output_tokens: 1 },
    })
  })

  test('a step that throws fails alone with POOL_STEP_THREW, keeping the step error code', async () => {
    await assert.rejects(run('boom'), (err: any) => {
      assert.equal(err.code, 'TIMMY_ERR_POOL_STEP_THREW')
      assert.equal(err.details.stepErrorCode, 'E_BOOM')
      return true
    })
    assert.deepEqual(await run('echo', 'next'), { output: 'next' })
  })

  test('a step that never resolves is stopped at its timeout and the next step succeeds', async () => {
    await assert.rejects(run('hang', {}, 300), { code: 'TIMMY_ERR_POOL_STEP_TIMEOUT' })
    assert.deepEqual(await run('echo', 1), { output: 1 })
  })

  test('a step stuck in a synchronous loop is stopped at its timeout (its thread is terminated)', async () => {
    await assert.rejects(run('spin', {}, 300), { code: 'TIMMY_ERR_POOL_STEP_TIMEOUT' })
    assert.deepEqual(await run('echo', 2), { output: 2 })
  })

  test('a step that allocates without bound fails with POOL_STEP_OUT_OF_MEMORY and the pool recovers', async () => {
    await assert.rejects(run('hog'), { code: 'TIMMY_ERR_POOL_STEP_OUT_OF_MEMORY' })
    const results = await Promise.all([run('echo', 'a'), run('echo', 'b'), run('echo', 'c')])
    assert.deepEqual(
      results.map((r) => r.output),
      ['a', 'b', 'c'],
    )
  })

  test('a step returning something other than { output, effects?, usage? } fails with POOL_BAD_RESULT', async () => {
    await assert.rejects(run('notAnObject'), { code: 'TIMMY_ERR_POOL_BAD_RESULT' })
    await assert.rejects(run('badEffects'), { code: 'TIMMY_ERR_POOL_BAD_RESULT' })
  })

  test('a step returning data that cannot cross threads fails alone', async () => {
    await assert.rejects(run('returnsFunction'), (err: any) => {
      assert.match(err.code, /^TIMMY_ERR_POOL_/)
      return true
    })
    assert.deepEqual(await run('echo', 3), { output: 3 })
  })

  test('an unknown step name fails with POOL_STEP_NOT_FOUND listing the exports', async () => {
    await assert.rejects(run('nope'), (err: any) => {
      assert.equal(err.code, 'TIMMY_ERR_POOL_STEP_NOT_FOUND')
      assert.match(err.message, /echo/)
      return true
    })
  })

  test('a module that does not exist fails with POOL_MODULE_LOAD_FAILED', async () => {
    await assert.rejects(
      pool.run({ module: new URL('./fixtures/missing.ts', import.meta.url).href, name: 'x', input: {} }),
      { code: 'TIMMY_ERR_POOL_MODULE_LOAD_FAILED' },
    )
  })

  test('an outside abort cancels the step with POOL_STEP_ABORTED', async () => {
    const controller = new AbortController()
    const pending = pool.run({ module: MODULE, name: 'hang', input: {} }, { signal: controller.signal })
    setImmediate(() => controller.abort('revoked'))
    await assert.rejects(pending, { code: 'TIMMY_ERR_POOL_STEP_ABORTED' })
  })
})

test('a closed pool refuses new steps with POOL_CLOSED', async () => {
  const pool = createStepPool({ size: 1 })
  await pool.close()
  await assert.rejects(pool.run({ module: MODULE, name: 'echo', input: 1 }), {
    code: 'TIMMY_ERR_POOL_CLOSED',
  })
})
