/** The training pipeline's coded errors, beside core's (`E.<code>` has both): each message states the fix. */
import { E as core, defineErrors } from '../core/index.js'

export const E = {
  ...core,
  ...defineErrors({
    TRAIN_INPUT_MISSING: (a: { file: string; step: string }) =>
      `${a.file} does not exist. Run "timmy train ${a.step}" first, or pass --in with the file it wrote.`,
    TRAIN_VALIDATE_FAILED: (a: { bad: number; total: number }) =>
      `${a.bad} of ${a.total} pairs lack a session id, licence or consent. Re-run "timmy train curate" (it drops such pairs) and check the consent registry.`,
    EVAL_SUITE_MISSING: (a: { file: string }) =>
      `the eval suite ${a.file} does not exist. Pass --suite with a suite YAML file, or omit it to run the shipped training/eval/suites/adversary.yaml.`,
    EVAL_SUITE_INVALID: (a: { reason: string }) =>
      `the eval suite is invalid: ${a.reason}. Fix the suite at the marked position.`,
    EVAL_PAIRS_MISSING: (a: { file: string }) =>
      `the held-out pairs file ${a.file} does not exist. Pass --pairs with a raw.jsonl or curated.jsonl written by "timmy train ingest|curate".`,
    EVAL_BAD_ENDPOINT: (a: { url: string; reason: string }) =>
      `the model endpoint "${a.url}" cannot be used: ${a.reason}. Pass --endpoint with the base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.`,
    EVAL_BUDGET_EXHAUSTED: (a: { budget: string; reason: string; done: number; left: number }) =>
      `the eval stopped: budget "${a.budget}" refuses more spend (${a.reason}); ${a.done} cases have results, ${a.left} wait. Each case reserves its prompt plus --max-tokens before it is asked: raise the budget, lower --max-tokens, or wait for its window to roll over, then run again with --resume.`,
    EVAL_ENDPOINT_UNREACHABLE: (a: { endpoint: string; cases: number; first: string }) =>
      `no case got an answer from ${a.endpoint}: all ${a.cases} asked cases failed (first: ${a.first}). Check that the server runs and --endpoint is its base URL (e.g. http://127.0.0.1:8080/v1), then run again with --resume.`,
    TRAIN_SOURCE_UNREADABLE: (a: { file: string; reason: string }) =>
      `cannot read the Hermes source ${a.file}: ${a.reason}. Check the path (--state-db, --export, --trajectories, --snapshots) and that the file is a Hermes state.db or JSONL file.`,
    TRAIN_CONSENT_INVALID: (a: { reason: string }) =>
      `the consent registry is invalid: ${a.reason}. Fix the entry at the marked position.`,
  }),
}
