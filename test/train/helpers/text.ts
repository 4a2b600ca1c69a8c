/** Deterministic pseudo-random text for fixtures and benchmarks (letters only: no accidental secrets). */
const WORDS = `the a agent build branch cache change check code commit config deploy diff error file fix
function gitea hermes import issue label lane log merge model module node output patch plan playbook
queue read repo request review run schedule server session skill step store task test tool update
value wizard worker write yaml python version install package server client route token budget query
parse render switch guard retry timeout lease lock window scope field record source target stream batch
index table column row schema migrate rollback snapshot trace span event hook plugin option default
error warning notice detail report status health metric sample train curate export validate ingest
shell terminal command folder path link name title body comment thread reply message content role
system user assistant review approve reject close open pending ready done failed passed skipped`
  .split(/\s+/)
  .filter((w) => w && !['token'].includes(w))

export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function words(r: () => number, n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!)
  return out.join(' ')
}
