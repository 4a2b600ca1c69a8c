/** `timmy train eval` as the CLI declares it (kept apart so `--help` loads nothing else). */
import type { SubcommandSpec } from '../../core/index.js'

export const EVAL_SUBCOMMAND: SubcommandSpec = {
  summary:
    'run a suite against an OpenAI-compatible chat endpoint (llama.cpp, vLLM, Ollama): pass rates per ' +
    'category, regressions against the previous run of the suite, the worst cases (JSON + Markdown in ' +
    '<out>/eval/). A suite is YAML: name, system?, cases: [{id, category, prompt | messages, ' +
    'reference?, expect}], each expect item one scorer: contains, not-contains, regex, not-regex, json ' +
    "{required, types}, refusal, banned-provider (the policy plugin's detector), similarity {min} " +
    '(ROUGE-L F1). A budget with `scope: pipeline, match: eval` caps what evals may spend.',
  options: {
    endpoint: {
      type: 'string',
      value: 'url',
      description: 'base URL of the server, e.g. http://127.0.0.1:8080/v1 (required)',
    },
    model: { type: 'string', value: 'name', description: 'model name sent to it (required)' },
    suite: {
      type: 'string',
      value: 'file',
      description: 'suite YAML (default training/eval/suites/adversary.yaml)',
    },
    pairs: {
      type: 'string',
      value: 'file',
      description: 'add held-out pairs whose consent is `eval` as cases',
    },
    concurrency: { type: 'string', value: 'n', description: 'cases in flight (default 4)' },
    timeout: { type: 'string', value: 'seconds', description: 'per case, retries included (default 120)' },
    retries: { type: 'string', value: 'n', description: 'retries on 429/5xx/connection errors (default 3)' },
    'max-tokens': {
      type: 'string',
      value: 'n',
      description: 'max_tokens per answer; with the prompt, what a case reserves of a budget (default 512)',
    },
    'api-key-env': { type: 'string', value: 'VAR', description: 'send $VAR as the bearer token' },
    policy: {
      type: 'string',
      value: 'file',
      description: 'policy.yaml for the banned-provider scorer (default config/policy.yaml)',
    },
    resume: {
      type: 'boolean',
      description: 'continue the last unfinished run of this suite, model, endpoint',
    },
    gate: { type: 'boolean', description: 'exit 1 when a category dropped by more than --margin' },
    margin: {
      type: 'string',
      value: '0..1',
      description: 'allowed drop of a category pass rate (default 0.05)',
    },
  },
}
