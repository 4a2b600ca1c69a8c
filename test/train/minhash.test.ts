import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DEFAULT_MINHASH, LshIndex, MinHasher, similarity } from '../../training/minhash.js'
import { rng, words } from './helpers/text.js'

describe('MinHash and LSH', () => {
  const h = new MinHasher()
  const r = rng(7)
  const doc = words(r, 300)

  test('identical texts have identical signatures, independent of case', () => {
    assert.deepEqual(h.signature(doc), h.signature(doc.toUpperCase()))
  })

  test('a one-word change keeps the estimated similarity near the true Jaccard (~0.97)', () => {
    const changed = doc.replace(/^\S+/, 'zeppelin')
    const s = similarity(h.signature(doc), h.signature(changed))
    assert.ok(s >= 0.85, `similarity ${s}`)
  })

  test('unrelated texts are far apart', () => {
    const s = similarity(h.signature(doc), h.signature(words(r, 300)))
    assert.ok(s < 0.2, `similarity ${s}`)
  })

  test('the index flags near duplicates and keeps distinct documents', () => {
    const index = new LshIndex(h.params)
    const docs = Array.from({ length: 200 }, () => words(r, 120))
    for (const d of docs) assert.equal(index.add(h.signature(d)), -1)
    assert.equal(index.size, 200)
    let found = 0
    docs.slice(0, 50).forEach((d, i) => {
      if (index.add(h.signature(`${d} extra`)) === i) found++
    })
    assert.equal(found, 50)
    assert.equal(index.size, 200)
  })

  test('a pair below the threshold is not a duplicate', () => {
    const index = new LshIndex({ ...DEFAULT_MINHASH, threshold: 0.99 })
    const half = words(r, 100)
    index.add(h.signature(`${half} ${words(r, 100)}`))
    assert.equal(index.add(h.signature(`${half} ${words(r, 100)}`)), -1)
  })

  test('signatures are reproducible from the seed and differ with another seed', () => {
    assert.deepEqual(new MinHasher().signature(doc), h.signature(doc))
    assert.notDeepEqual(new MinHasher({ seed: 1 }).signature(doc), h.signature(doc))
  })

  test('bands × rows must fit in the permutations', () => {
    assert.throws(() => new MinHasher({ numPerm: 16, bands: 5, rows: 4 }), RangeError)
  })

  test('a text shorter than the n-gram is one shingle, and text of no words has a stable signature', () => {
    assert.equal(similarity(h.signature('fix the bug'), h.signature('fix the bug')), 1)
    assert.deepEqual(h.signature('!!!'), h.signature('???'))
  })
})
