/** The `--help` lines of `timmy train eval` (kept apart so `--help` loads nothing else). */
export const EVAL_SUBCOMMAND = [
  '  eval      run a suite against an OpenAI-compatible chat endpoint (llama.cpp, vLLM, Ollama) and',
  '            report pass rates per category, regressions against the previous run of the same suite',
  '            and the worst cases (JSON + Markdown in <out>/eval/); usage is recorded under pipeline `eval`',
]

export const EVAL_OPTIONS = [
  '',
  'Eval options:',
  '  --endpoint <url>        base URL of the server, e.g. http://127.0.0.1:8080/v1 (required)',
  '  --model <name>          model name sent to it (required)',
  '  --suite <file>          suite YAML (default training/eval/suites/adversary.yaml)',
  '  --pairs <file>          add held-out pairs whose consent is `eval` (raw.jsonl) as cases',
  '  --concurrency <n>       cases in flight (default 4)',
  '  --timeout <seconds>     per case, retries included (default 120)',
  '  --retries <n>           retries on 429/5xx/connection errors, with backoff (default 3)',
  '  --max-tokens <n>        max_tokens per answer (default 512)',
  '  --api-key-env <VAR>     send $VAR as the bearer token',
  '  --policy <file>         policy.yaml for the banned-provider scorer (default config/policy.yaml)',
  '  --resume                continue the last unfinished run of this suite, model and endpoint',
  '  --gate                  exit 1 when a category dropped by more than --margin since the previous run',
  '  --margin <0..1>         allowed drop of a category pass rate (default 0.05)',
  '',
  'A suite is YAML: name, system (optional), cases: [{id, category, prompt | messages, reference?, expect}],',
  'each expect item one scorer: contains, not-contains, regex, not-regex, json {required, types},',
  "refusal (true/false), banned-provider (the policy plugin's detector), similarity {min} (ROUGE-L F1",
  'against reference). A budget with `scope: pipeline, match: eval` caps what evals may spend.',
]
