/**
 * A TypeBox schema of the Hermes `config.yaml` keys timmy's overlay uses (FORMATS.md §1). Types and
 * enums come from Hermes' DEFAULT_CONFIG; nested mappings stay open (Hermes tolerates unknown keys),
 * unknown root keys are only warned about (like Hermes' `_KNOWN_ROOT_KEYS`).
 */
import { Type as T, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
const Str = T.String()
const StrList = T.Array(T.String())
const Bool = T.Boolean()
const Num = T.Number()
const Int = T.Integer()
const oneOf = (...values: string[]) => T.Union(values.map((v) => T.Literal(v)))
const obj = (props: Record<string, TSchema>) =>
  T.Object(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, T.Optional(v)])), Open)

/** A model/provider endpoint block (model, delegation, auxiliary.<task>, providers.<name>). */
const Endpoint = {
  provider: Str,
  model: Str,
  base_url: Str,
  api_key: Str,
  api_mode: Str,
  key_env: Str,
  timeout: Num,
  reasoning_effort: Str,
  extra_body: T.Record(Str, T.Unknown()),
}

const ModelBlock = obj({ default: Str, ...Endpoint, context_length: Int })

export const HermesConfigYamlSchema = T.Object(
  {
    model: T.Optional(T.Union([Str, ModelBlock])),
    providers: T.Optional(
      T.Record(
        Str,
        obj({
          ...Endpoint,
          extra_headers: T.Record(Str, Str),
          request_timeout_seconds: Num,
          stale_timeout_seconds: Num,
          models: T.Unknown(),
        }),
      ),
    ),
    fallback_providers: T.Optional(
      T.Array(T.Union([Str, obj({ provider: Str, model: Str, base_url: Str, api_key: Str })])),
    ),
    fallback_model: T.Optional(T.Union([Str, obj({ provider: Str, model: Str, base_url: Str })])),
    custom_providers: T.Optional(
      T.Array(
        obj({
          name: Str,
          base_url: Str,
          api_key: Str,
          key_env: Str,
          api_mode: Str,
          model: Str,
          context_length: Int,
        }),
      ),
    ),
    toolsets: T.Optional(StrList),
    platform_toolsets: T.Optional(T.Record(Str, StrList)),
    max_concurrent_sessions: T.Optional(T.Union([Int, T.Null()])),
    max_live_sessions: T.Optional(Int),
    agent: T.Optional(
      obj({
        max_turns: T.Union([Int, T.Null()]),
        gateway_timeout: Num,
        api_max_retries: Int,
        tool_use_enforcement: Str,
        reasoning_effort: oneOf('xhigh', 'high', 'medium', 'low', 'minimal', 'none', ''),
        verbose: Bool,
        disabled_toolsets: StrList,
        personalities: T.Record(Str, T.Unknown()),
      }),
    ),
    terminal: T.Optional(
      obj({
        backend: oneOf('local', 'docker', 'ssh', 'singularity', 'modal', 'daytona'),
        cwd: Str,
        timeout: Num,
        env_passthrough: StrList,
        persistent_shell: Bool,
        docker_image: Str,
        container_cpu: Num,
        container_memory: Num,
        container_persistent: Bool,
      }),
    ),
    display: T.Optional(
      obj({
        skin: Str,
        compact: Bool,
        interface: oneOf('cli', 'tui'),
        tool_progress: T.Union([oneOf('off', 'new', 'all', 'verbose'), Bool]),
        show_reasoning: Bool,
        show_cost: Bool,
        streaming: Bool,
        personality: Str,
        language: Str,
      }),
    ),
    compression: T.Optional(
      obj({ enabled: Bool, threshold: Num, target_ratio: Num, protect_last_n: Int, protect_first_n: Int }),
    ),
    delegation: T.Optional(
      obj({
        ...Endpoint,
        max_iterations: Int,
        max_concurrent_children: Int,
        max_spawn_depth: Int,
        orchestrator_enabled: Bool,
        subagent_auto_approve: Bool,
      }),
    ),
    auxiliary: T.Optional(
      T.Object(
        { transient_retries: T.Optional(Int), max_concurrency: T.Optional(Int) },
        { additionalProperties: obj({ ...Endpoint, enabled: Bool, download_timeout: Num, language: Str }) },
      ),
    ),
    memory: T.Optional(
      obj({
        memory_enabled: Bool,
        user_profile_enabled: Bool,
        write_approval: Bool,
        memory_char_limit: Int,
        user_char_limit: Int,
        provider: Str,
        nudge_interval: Int,
      }),
    ),
    approvals: T.Optional(
      obj({ mode: Str, timeout: Num, cron_mode: oneOf('deny', 'allow', 'ask', 'smart'), deny: StrList }),
    ),
    security: T.Optional(obj({ allow_private_urls: Bool, redact_secrets: Bool, tirith_enabled: Bool })),
    cron: T.Optional(
      obj({
        provider: Str,
        wrap_response: Bool,
        max_parallel_jobs: T.Union([Int, T.Null()]),
        output_retention: Int,
      }),
    ),
    logging: T.Optional(
      obj({ level: oneOf('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'), max_size_mb: Num }),
    ),
    plugins: T.Optional(obj({ enabled: StrList, disabled: StrList, entries: T.Record(Str, T.Unknown()) })),
    mcp_servers: T.Optional(
      T.Record(
        Str,
        obj({
          command: Str,
          args: StrList,
          env: T.Record(Str, Str),
          url: Str,
          headers: T.Record(Str, Str),
          timeout: Num,
        }),
      ),
    ),
    sessions: T.Optional(obj({ auto_prune: Bool, retention_days: Int, write_json_snapshots: Bool })),
    timezone: T.Optional(Str),
  },
  Open,
)

/** Root keys Hermes knows (DEFAULT_CONFIG, keys read elsewhere, newer additions); others are warned. */
export const KNOWN_ROOT_KEYS: ReadonlySet<string> = new Set(
  (
    '_config_version model providers fallback_model fallback_providers credential_pool_strategies toolsets ' +
    'agent terminal display compression delegation auxiliary moa custom_providers context memory gateway ' +
    'sessions streaming updates mcp_servers max_concurrent_sessions max_live_sessions web browser checkpoints ' +
    'context_file_max_chars file_read_max_chars mcp_discovery_timeout tool_output tool_loop_guardrails kanban ' +
    'prompt_caching openrouter bedrock dashboard privacy tts stt voice human_delay prefill_messages_file goals ' +
    'skills curator honcho timezone slack discord whatsapp telegram mattermost matrix approvals command_allowlist ' +
    'quick_commands platform_hints hooks hooks_auto_accept personalities security cron code_execution tools ' +
    'logging model_catalog network onboarding lsp x_search secrets paste_collapse_threshold ' +
    'paste_collapse_threshold_fallback paste_collapse_char_threshold computer_use desktop vertex plugins ' +
    'platform_toolsets platforms model_aliases provider_routing session_reset group_sessions_per_user worktree ' +
    'tool_budget timeouts image_gen wake_word database runtime session attachments telemetry auth'
  ).split(/\s+/),
)
