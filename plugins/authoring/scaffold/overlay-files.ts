/**
 * `timmy init`'s Hermes overlay (`config/`), the files `timmy deploy` writes into `$HERMES_HOME`: a
 * config.yaml with what Hermes needs to run (a model and its provider; the API key stays in
 * `$HERMES_HOME/.env`) and a SOUL.md.
 */
export function overlayFiles(): Record<string, string> {
  return { 'config/config.yaml': CONFIG_YAML, 'config/SOUL.md': SOUL }
}

const CONFIG_YAML = `# The Hermes configuration of this project. \`timmy deploy --dry-run\` shows what it would write into
# $HERMES_HOME/config.yaml; \`timmy deploy\` switches it in as one generation (\`timmy rollback\` undoes it).
# Hermes manages _config_version itself: never add it here. The provider's API key lives in
# $HERMES_HOME/.env (e.g. OPENROUTER_API_KEY=…), never in this file.
model:
  default: "nousresearch/hermes-4-405b"
  provider: "openrouter"

agent:
  max_turns: 60
`

const SOUL = `# Soul

You are an agent of this project's fleet. Work the issue you are given, keep changes small and
reviewed, and say plainly what you did and what is left.
`
