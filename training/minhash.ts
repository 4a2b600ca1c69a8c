/**
 * Near-duplicate detection: MinHash signatures over word n-gram shingles, an LSH index (bands × rows)
 * to find candidates, and a check of the estimated Jaccard similarity against the threshold.
 *
 * - Tokens: runs of letters and digits (any script), lower-cased, hashed (FNV-1a) while scanning.
 *   Shingles: `ngram` consecutive tokens (a text shorter than that is one shingle); at most
 *   `maxShingles` from the start of the text.
 * - Signature: one-permutation MinHash (Li, Owen & Zhang 2012) with densification by rotation
 *   (Shrivastava & Li 2014): each shingle is hashed once (murmur3 fmix32, seeded), its hash picks one
 *   of `numPerm` bins and the bin keeps its minimum; an empty bin borrows from the next non-empty bin
 *   to its right, plus an offset per step. The estimate of the Jaccard similarity is, as with
 *   `numPerm` permutations, the share of equal signature values, at one hash per shingle instead of
 *   `numPerm`.
 * - Index: each kept document's signature is cut into `bands` bands of `rows` values; two documents
 *   that share a band are candidates; a candidate is a duplicate when the share of equal signature
 *   values (stored as their low 8 bits, b-bit MinHash, corrected for chance agreement) is ≥ `threshold`.
 * Memory: `numPerm` bytes per kept document plus ~16 bytes per band entry.
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

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export class MinHasher {
  readonly params: MinHashParams
  private filled: Uint8Array
  private tokens: Uint32Array
  private exact = new Uint32Array(3)
  constructor(params: Partial<MinHashParams> = {}) {
    this.params = { ...DEFAULT_MINHASH, ...params }
    const { numPerm, bands, rows } = this.params
    if (bands * rows > numPerm)
      throw new RangeError(`bands × rows (${bands * rows}) exceeds numPerm (${numPerm})`)
    this.filled = new Uint8Array(numPerm)
    this.tokens = new Uint32Array(this.params.maxShingles + this.params.ngram)
  }

  /** The signature of a text (32-bit values). */
  signature(text: string, out = new Uint32Array(this.params.numPerm)): Uint32Array {
    this.digest(text, out)
    return out
  }

  /**
   * Fill `out` with the signature of `text` and return a 64-bit key of its whole token sequence
   * (for exact dedup: case, whitespace and punctuation do not count).
   */
  digest(text: string, out: Uint32Array): string {
    const { numPerm, ngram, maxShingles, seed } = this.params
    const n = tokenize(text, this.tokens, maxShingles + ngram - 1, this.exact)
    const key = `${this.exact[0]!.toString(36)}.${this.exact[1]!.toString(36)}.${this.exact[2]!.toString(36)}`
    out.fill(0)
    const filled = this.filled
    filled.fill(0)
    const shingles = n < ngram ? (n > 0 ? 1 : 0) : n - ngram + 1
    const width = Math.min(n, ngram)
    const salt = Math.imul(seed, 0x9e3779b1)
    for (let s = 0; s < shingles; s++) {
      let h = 0x9747b28c
      for (let k = 0; k < width; k++) h = Math.imul(h ^ this.tokens[s + k]!, 0x01000193)
      const x = fmix32(h ^ salt)
      const bin = ((x >>> 16) * numPerm) >>> 16
      const v = fmix32(x ^ 0x5bd1e995)
      if (!filled[bin] || v < out[bin]!) {
        out[bin] = v
        filled[bin] = 1
      }
    }
    if (shingles === 0) {
      out.fill(0xffffffff)
      return key
    }
    // densify: an empty bin takes the value of the next filled bin to its right, offset by the distance
    for (let i = 0; i < numPerm; i++) {
      if (filled[i]) continue
      let j = i
      let d = 0
      do {
        j = (j + 1) % numPerm
        d++
      } while (!filled[j])
      out[i] = (out[j]! + Math.imul(d, 0x61c88647)) >>> 0
    }
    return key
  }
}

const LETTER = /[\p{L}\p{N}]/u
/** ASCII letters and digits → their lower-case code; everything else → 0. */
const ASCII = new Uint8Array(128)
for (let c = 48; c <= 57; c++) ASCII[c] = c
for (let c = 97; c <= 122; c++) ASCII[c] = c
for (let c = 65; c <= 90; c++) ASCII[c] = c | 0x20

/**
 * Hash each token (letters and digits, lower-cased) into `out`; returns how many were stored (at most
 * `cap`). `exact` receives two hashes of the whole token sequence and the token count.
 */
export function tokenize(text: string, out: Uint32Array, cap: number, exact?: Uint32Array): number {
  let n = 0
  let all = 0
  let h = 0x811c9dc5
  let e1 = 0x811c9dc5
  let e2 = 0x2545f491
  let inToken = false
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c < 128) c = ASCII[c]!
    else {
      const ch = text[i]!
      c = LETTER.test(ch) ? ch.toLowerCase().charCodeAt(0) : 0
    }
    if (c !== 0) {
      h = Math.imul(h ^ c, 0x01000193)
      inToken = true
    } else if (inToken) {
      if (n < cap) out[n++] = h >>> 0
      e1 = Math.imul(e1 ^ h, 0x01000193)
      e2 = Math.imul(e2 ^ fmix32(h), 0x5bd1e995) ^ all
      all++
      h = 0x811c9dc5
      inToken = false
    }
  }
  if (inToken) {
    if (n < cap) out[n++] = h >>> 0
    e1 = Math.imul(e1 ^ h, 0x01000193)
    e2 = Math.imul(e2 ^ fmix32(h), 0x5bd1e995) ^ all
    all++
  }
  if (exact) {
    exact[0] = e1 >>> 0
    exact[1] = e2 >>> 0
    exact[2] = all
  }
  return n
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
  private sigs: Uint8Array
  private count = 0
  private keys: Uint32Array
  private vals: Int32Array
  private used = 0
  private bandKeys: Uint32Array
  constructor(params: MinHashParams) {
    this.params = params
    this.sigs = new Uint8Array(1024 * params.numPerm)
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
      for (let i = 0; i < numPerm; i++) if (this.sigs[base + i] === (sig[i]! & 0xff)) same++
      // b-bit MinHash (Li & König 2010): with 8 bits, unequal values still agree 1 time in 256
      if ((same / numPerm - 1 / 256) / (1 - 1 / 256) >= threshold) return doc
    }
    const id = this.count++
    if ((id + 1) * numPerm > this.sigs.length) {
      const grown = new Uint8Array(this.sigs.length * 2)
      grown.set(this.sigs)
      this.sigs = grown
    }
    for (let i = 0; i < numPerm; i++) this.sigs[id * numPerm + i] = sig[i]! & 0xff
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
