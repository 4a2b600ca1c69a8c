import type { CardFacts } from '../dataset-card.js'
import { curateFacts } from './curate-facts.js'
import { sizeCategory } from './size-category.js'

/** The card's Hugging Face front matter: licence, languages, size, configs and timmy's own facts. */
export function frontMatter(f: CardFacts): Record<string, unknown> {
  const licenses = Object.keys(f.licenses).sort()
  const hfLicense = (l: string) => l.toLowerCase()
  return {
    pretty_name: 'timmy training pairs from Hermes sessions',
    license:
      licenses.length === 1 ? hfLicense(licenses[0]!) : licenses.length ? licenses.map(hfLicense) : 'other',
    language: f.languages,
    size_categories: [sizeCategory(f.pairs)],
    source_datasets: ['original'],
    task_categories: ['text-generation'],
    tags: ['hermes', 'timmy', 'conversational', 'tool-use', f.format],
    configs: [{ config_name: 'default', data_files: [{ split: 'train', path: f.file }] }],
    timmy: {
      format: f.format,
      pairs: f.pairs,
      created_at: f.createdAt,
      sources: f.sources,
      licenses_per_pair: f.licenses,
      consent_per_pair: f.consent,
      ...(f.curate ? curateFacts(f.curate) : {}),
    },
  }
}
