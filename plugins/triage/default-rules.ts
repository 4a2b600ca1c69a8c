/**
 * The rules a triage sweep uses when the config gives none (`rules`/`rulesFile`): the same kinds as
 * `triage/classify`'s built-in set (steps.ts: security, bug, refactor, docs, feature — labelled from
 * keywords, first match wins) with routing to the lanes of playbooks/lanes.yaml. An issue someone is
 * already assigned to is labelled but not routed; a lane missing from the lanes in use is left out,
 * never guessed.
 */
import type { Rule, RuleSetInput } from './rules-schema.js'
import { DEFAULT_RULES } from './steps.js'

/** The rule set (the schema's defaults fill the rest: triaged label, priority prefix, default colour). */
export function defaultRules(lanes: readonly string[]): Pick<RuleSetInput, 'mode' | 'labelColors' | 'rules'> {
  const rules: Rule[] = []
  for (const rule of DEFAULT_RULES.rules as Rule[]) {
    const { lane, ...actions } = rule.actions
    if (lane !== undefined && lanes.includes(lane))
      rules.push({
        name: rule.name,
        match: { ...rule.match, unassigned: true },
        actions: { ...actions, lane },
      })
    rules.push({ name: rule.name, ...(rule.match ? { match: rule.match } : {}), actions })
  }
  return { mode: 'first-match', labelColors: DEFAULT_RULES.labelColors, rules }
}
