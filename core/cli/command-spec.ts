/**
 * What a command declares about itself, built-in (`core/cli/commands/<name>.ts`) or plugin alike: one description
 * feeds the parser (unknown flags are usage errors with a did-you-mean), `--help` (≤ 80 columns), completion.
 */
export interface OptionSpec {
  type: 'string' | 'boolean'
  /** What `--help` says about it (one sentence; wrapped for you). */
  description: string
  short?: string
  /** Repeatable: the value is an array of every occurrence. */
  multiple?: boolean
  /** The placeholder in help: `--port <n>` (default `value`). */
  value?: string
  /** The accepted values, checked by the parser and offered by completion. */
  choices?: readonly string[]
}

export type OptionSpecs = Record<string, OptionSpec>

export interface SubcommandSpec {
  summary: string
  /** Its arguments as help shows them: `<id>`, `[name]`, `[files...]`. */
  args?: string
  options?: OptionSpecs
}

export interface CommandSpec {
  /** One line: the command list and the first line of `--help`. */
  summary: string
  /** Its arguments as help shows them: `<file|name>`, `[paths...]`. */
  args?: string
  /** More text for `--help`: paragraphs, wrapped to the terminal. */
  description?: string
  /** The description's lines are kept as written (only wrapped); by default lines join into paragraphs. */
  keepLines?: boolean
  options?: OptionSpecs
  /** `timmy <command> <sub> …`: each with its own arguments and options. */
  subcommands?: Record<string, SubcommandSpec>
  /** Accept any argument (the command parses `ctx.argv` itself); for a command declaring no options. */
  passThrough?: boolean
}
