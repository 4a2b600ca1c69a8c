/**
 * Near-duplicate detection: MinHash signatures over word n-gram shingles, an LSH index (bands × rows)
 * to find candidates, and a check of the estimated Jaccard similarity against the threshold.
 *
 * - Tokens: lower-cased runs of letters and digits (any script). Shingles: `ngram` consecutive tokens
 *   (a text shorter than that is one shingle); at most `maxShingles` from the start of the text.
 * - Hashes: FNV-1a per token, combined per shingle and mixed (murmur3 fmix32); permutation i is
 *   `(a_i·x + b_i) mod 2^32` with odd `a_i` from a fixed seed, so signatures are reproducible.
 * - Index: each kept document's signature is cut into `bands` bands of `rows` values; two documents
 *   that share a band are candidates; a candidate is a duplicate when the share of equal signature
 *   values (stored as their low 16 bits) is ≥ `threshold`.
 * Memory: `numPerm · 2` bytes per kept document plus ~16 bytes per band entry.
 */

export interface MinHashParams {
  numPerm: number
  bands: number
  rows: number
  ngram: number
  threshold: number
  maxShingles: number
  seed: number
}

export const DEFAULT_MINHASH: MinHashParams = Object.freeze({
  numPerm: 64,
  bands: 10,
  rows: 6,
  ngram: 5,
  threshold: 0.8,
  maxShingles: 4096,
  seed: 0x5eed,
})

const TOKEN = /[\p{L}\p{N}]+/gu

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

export class MinHasher {
  readonly params: MinHashParams
  private a: Uint32Array
  private b: Uint32Array
  private tokens: Uint32Array
  constructor(params: Partial<MinHashParams> = {}) {
    this.params = { ...DEFAULT_MINHASH, ...params }
    const { numPerm, bands, rows, seed } = this.params
    if (bands * rows > numPerm)
      throw new RangeError(`bands × rows (${bands * rows}) exceeds numPerm (${numPerm})`)
    const rnd = mulberry32(seed)
    this.a = new Uint32Array(numPerm)
    this.b = new Uint32Array(numPerm)
    for (let i = 0; i < numPerm; i++) {
      this.a[i] = rnd() | 1
      this.b[i] = rnd()
    }
    this.tokens = new Uint32Array(this.params.maxShingles + this.params.ngram)
  }

  /** The signature of a text (32-bit values). */
  signature(text: string, out = new Uint32Array(this.params.numPerm)): Uint32Array {
    const { numPerm, ngram, maxShingles } = this.params
    const cap = maxShingles + ngram - 1
    let n = 0
    TOKEN.lastIndex = 0
    for (let m = TOKEN.exec(text); m && n < cap; m = TOKEN.exec(text))
      this.tokens[n++] = fnv1a(m[0].toLowerCase())
    out.fill(0xffffffff)
    const shingles = n < ngram ? 1 : n - ngram + 1
    const width = Math.min(n, ngram)
    const { a, b } = this
    for (let s = 0; s < shingles; s++) {
      let h = 0x9747b28c
      for (let k = 0; k < width; k++) h = Math.imul(h ^ this.tokens[s + k]!, 0x01000193)
      const x = fmix32(h)
      for (let i = 0; i < numPerm; i++) {
        const v = (Math.imul(a[i]!, x) + b[i]!) >>> 0
        if (v < out[i]!) out[i] = v
      }
    }
    return out
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let same = 0
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++
  return same / x.length
}

/** An LSH index over kept documents; `add` returns the index of a near duplicate, or -1 (and keeps it). */
export class LshIndex {
  readonly params: MinHashParams
  private sigs: Uint16Array
  private count = 0
  private keys: Uint32Array
  private vals: Int32Array
  private used = 0
  private bandKeys: Uint32Array
  constructor(params: MinHashParams) {
    this.params = params
    this.sigs = new Uint16Array(1024 * params.numPerm)
    this.keys = new Uint32Array(1 << 14)
    this.vals = new Int32Array(1 << 14)
    this.bandKeys = new Uint32Array(params.bands)
  }

  get size(): number {
    return this.count
  }

  add(sig: Uint32Array): number {
    const { bands, rows, numPerm, threshold } = this.params
    for (let j = 0; j < bands; j++) {
      let h = Math.imul(j + 1, 0x9e3779b1)
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[j * rows + r]!, 0x01000193)
      this.bandKeys[j] = fmix32(h)
    }
    let tried = -1
    for (let j = 0; j < bands; j++) {
      const doc = this.lookup(this.bandKeys[j]!)
      if (doc < 0 || doc === tried) continue
      tried = doc
      let same = 0
      const base = doc * numPerm
      for (let i = 0; i < numPerm; i++) if (this.sigs[base + i] === (sig[i]! & 0xffff)) same++
      if (same / numPerm >= threshold) return doc
    }
    const id = this.count++
    if ((id + 1) * numPerm > this.sigs.length) {
      const grown = new Uint16Array(this.sigs.length * 2)
      grown.set(this.sigs)
      this.sigs = grown
    }
    for (let i = 0; i < numPerm; i++) this.sigs[id * numPerm + i] = sig[i]! & 0xffff
    for (let j = 0; j < bands; j++) this.insert(this.bandKeys[j]!, id)
    return -1
  }

  private lookup(key: number): number {
    const mask = this.keys.length - 1
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const v = this.vals[i]!
      if (v === 0) return -1
      if (this.keys[i] === key) return v - 1
    }
  }

  private insert(key: number, doc: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow()
    const mask = this.keys.length - 1
    for (let i = key & mask; ; i = (i + 1) & mask) {
      if (this.vals[i] === 0) {
        this.keys[i] = key
        this.vals[i] = doc + 1
        this.used++
        return
      }
      if (this.keys[i] === key) return
    }
  }

  private grow(): void {
    const oldK = this.keys
    const oldV = this.vals
    this.keys = new Uint32Array(oldK.length * 2)
    this.vals = new Int32Array(oldV.length * 2)
    this.used = 0
    for (let i = 0; i < oldK.length; i++) if (oldV[i] !== 0) this.insert(oldK[i]!, oldV[i]! - 1)
  }
}
