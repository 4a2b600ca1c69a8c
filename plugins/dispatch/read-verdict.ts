/**
 * An agent's verdict: its answer's last `VERDICT: <word>` line (any case), lower-cased. A playbook asks
 * for one in its prompt and tests `steps.<id>.output.verdict`; an answer without one has none.
 */
export function readVerdict(text: string): string | undefined {
  let verdict: string | undefined
  for (const m of text.matchAll(/^[ \t*_>-]*verdict[ \t*_]*:[ \t*_]*([A-Za-z][\w-]*)[ \t*_.]*$/gim))
    verdict = m[1]!.toLowerCase()
  return verdict
}
