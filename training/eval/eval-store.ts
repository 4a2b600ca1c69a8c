/**
 * Eval runs and their results in the store (module `eval`, tables `eval_runs`, `eval_results`).
 * A run keeps its provenance — suite name, file and hash, model, endpoint, start and end — and one
 * result per case id, written as soon as the case is scored, so a stopped run resumes with the
 * cases that have no result (a case error is kept for the report but is not a result: it is asked again).
 */
import type { Migration, Store } from '../../core/index.js'

const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE eval_runs (
     id TEXT PRIMARY KEY,
     suite_name TEXT NOT NULL,
     suite_file TEXT NOT NULL,
     suite_hash TEXT NOT NULL,
     model TEXT NOT NULL,
     endpoint TEXT NOT NULL,
     cases INTEGER NOT NULL,
     started_at INTEGER NOT NULL,
     finished_at INTEGER,
     state TEXT NOT NULL
   );
   CREATE INDEX eval_runs_suite ON eval_runs(suite_hash, started_at);
   CREATE TABLE eval_results (
     run_id TEXT NOT NULL REFERENCES eval_runs(id),
     case_id TEXT NOT NULL,
     category TEXT NOT NULL,
     pass INTEGER NOT NULL,
     score REAL NOT NULL,
     answer TEXT,
     error TEXT,
     failures TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     input_tokens INTEGER NOT NULL DEFAULT 0,
     output_tokens INTEGER NOT NULL DEFAULT 0,
     ms INTEGER NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (run_id, case_id)
   ) WITHOUT ROWID;`,
]

export type RunState = 'running' | 'stopped' | 'done'

export interface EvalRun {
  id: string
  suite_name: string
  suite_file: string
  suite_hash: string
  model: string
  endpoint: string
  cases: number
  started_at: number
  finished_at: number | null
  state: RunState
}

export interface CaseResult {
  case_id: string
  category: string
  pass: boolean
  score: number
  answer: string | null
  /** `<kind>: <reason>` when the case could not be asked (timeout, bad JSON, …). */
  error: string | null
  failures: string[]
  attempts: number
  input_tokens: number
  output_tokens: number
  ms: number
  at: number
}

type Row = Omit<CaseResult, 'pass' | 'failures'> & { pass: number; failures: string }

export type EvalStore = ReturnType<typeof openEvalStore>

export function openEvalStore(store: Store) {
  store.migrate('eval', MIGRATIONS)
  const db = store.db
  const q = {
    insertRun: db.prepare(
      `INSERT INTO eval_runs (id, suite_name, suite_file, suite_hash, model, endpoint, cases, started_at, state)
       VALUES (@id, @suite_name, @suite_file, @suite_hash, @model, @endpoint, @cases, @started_at, @state)`,
    ),
    resumable: db.prepare(
      `SELECT * FROM eval_runs WHERE suite_hash = ? AND model = ? AND endpoint = ? AND state != 'done'
       ORDER BY started_at DESC, rowid DESC LIMIT 1`,
    ),
    previous: db.prepare(
      `SELECT * FROM eval_runs WHERE suite_hash = ? AND state = 'done' AND id != ?
       ORDER BY finished_at DESC, rowid DESC LIMIT 1`,
    ),
    state: db.prepare(`UPDATE eval_runs SET state = ?, finished_at = ? WHERE id = ?`),
    answered: db.prepare(`SELECT case_id FROM eval_results WHERE run_id = ? AND error IS NULL`),
    save: db.prepare(
      `INSERT OR REPLACE INTO eval_results (run_id, case_id, category, pass, score, answer, error, failures,
         attempts, input_tokens, output_tokens, ms, at)
       VALUES (@run_id, @case_id, @category, @pass, @score, @answer, @error, @failures,
         @attempts, @input_tokens, @output_tokens, @ms, @at)`,
    ),
    results: db.prepare(`SELECT * FROM eval_results WHERE run_id = ? ORDER BY case_id`),
  }
  return {
    startRun(run: Omit<EvalRun, 'finished_at' | 'state'>): EvalRun {
      const full: EvalRun = { ...run, finished_at: null, state: 'running' }
      q.insertRun.run(full)
      return full
    },
    /** The latest unfinished run of this suite against this model and endpoint. */
    resumable(suiteHash: string, model: string, endpoint: string): EvalRun | undefined {
      return q.resumable.get(suiteHash, model, endpoint) as EvalRun | undefined
    },
    /** The latest finished run of the same suite (any model): what regressions are measured against. */
    previous(suiteHash: string, exceptId: string): EvalRun | undefined {
      return q.previous.get(suiteHash, exceptId) as EvalRun | undefined
    },
    setState(id: string, state: RunState, at: number | null): void {
      q.state.run(state, at, id)
    },
    /** Case ids of this run that have a result (not an error). */
    answered(runId: string): Set<string> {
      return new Set((q.answered.all(runId) as { case_id: string }[]).map((r) => r.case_id))
    },
    save(runId: string, r: CaseResult): void {
      q.save.run({ ...r, run_id: runId, pass: r.pass ? 1 : 0, failures: JSON.stringify(r.failures) })
    },
    results(runId: string): CaseResult[] {
      return (q.results.all(runId) as Row[]).map((r) => ({
        ...r,
        pass: r.pass === 1,
        failures: JSON.parse(r.failures) as string[],
      }))
    },
  }
}
