/** The dataset card: Hugging Face-style YAML front matter plus a short body, with per-pair counts. */
import { stringify } from 'yaml'
import { cardBody } from './card/card-body.js'
import { frontMatter } from './card/front-matter.js'
import type { CurateStats } from './curate.js'

export interface CardFacts {
  format: string
  file: string
  pairs: number
  licenses: Record<string, number>
  consent: Record<string, number>
  sources: Record<string, number>
  languages: string[]
  curate?: Pick<CurateStats, 'dedup' | 'dropped' | 'redacted' | 'redactPii' | 'in'>
  createdAt: string
}

export { sizeCategory } from './card/size-category.js'

/** The card: YAML front matter, then the Markdown body. */
export function renderCard(f: CardFacts): string {
  return `---
${stringify(frontMatter(f)).trimEnd()}
---

${cardBody(f)}`
}
