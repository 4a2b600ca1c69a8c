import type { CardFacts } from '../dataset-card.js'
import { countTable as table } from './count-table.js'

/** The card's Markdown body: what the pairs are, licence and consent tables, de-duplication, redaction. */
export function cardBody(f: CardFacts): string {
  return `# timmy training pairs

Conversations of Hermes agents (sessions from \`state.db\`, \`hermes sessions export\`, session
snapshots and trajectories), turned into ${f.pairs} training examples in axolotl's \`${f.format}\`
format by \`timmy train\`. Every example keeps its provenance in \`curated.jsonl\` (session id, source
file and row, model, consent and licence, content hash, and the timmy run and step that produced it).

## Licence and consent, per pair

${table('licence', f.licenses)}

${table('consent level', f.consent)}

Only pairs whose consent allowed training at the time of the session, and whose licence is on the
allow-list, are included. Languages are as declared in the configuration, not detected.

## De-duplication

${
  f.curate
    ? `- Exact: ${f.curate.dedup.exact}.\n- Near: ${f.curate.dedup.near}.`
    : '- Not recorded (no curate statistics were found beside the input).'
}

## Personal and sensitive information

Secrets (API-key shapes, bearer tokens, JWTs, private keys) are always redacted.
${f.curate?.redactPii ? 'Emails and phone numbers are redacted (`privacy.redact_pii` on).' : 'Emails and phone numbers were **not** redacted (`privacy.redact_pii` off).'}
`
}
