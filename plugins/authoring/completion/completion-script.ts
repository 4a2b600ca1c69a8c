/**
 * `timmy completion bash|zsh|fish`: a completion script written from the command tree — commands,
 * subcommands, flags, and the values of flags that have a fixed set. zsh runs the bash function
 * through bashcompinit.
 */
import type { CommandNode, FlagNode } from './command-tree.js'

export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

export function completionScript(shell: Shell, commands: CommandNode[], globals: FlagNode[]): string {
  if (shell === 'fish') return fish(commands, globals)
  const body = bash(commands, globals)
  if (shell === 'zsh')
    return `#compdef timmy\n# timmy completion for zsh: eval "$(timmy completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${body}`
  return `# timmy completion for bash: eval "$(timmy completion bash)"\n${body}`
}

const flagWords = (flags: FlagNode[]) => flags.flatMap((f) => [f.flag, ...(f.short ? [f.short] : [])])

function bash(commands: CommandNode[], globals: FlagNode[]): string {
  const g = flagWords(globals)
  const cases: string[] = [
    `    "/") words="${[...commands.map((c) => c.name), ...g, '--help'].join(' ')}" ;;`,
  ]
  for (const c of commands) {
    const own = [...flagWords(c.flags), ...g, '--help']
    if (c.subcommands.length) {
      cases.push(`    "${c.name}/") words="${[...c.subcommands.map((s) => s.name), ...own].join(' ')}" ;;`)
      for (const s of c.subcommands)
        cases.push(`    "${c.name}/${s.name}") words="${[...flagWords(s.flags), ...own].join(' ')}" ;;`)
    } else cases.push(`    "${c.name}/"*) words="${own.join(' ')}" ;;`)
  }
  const choices = new Map<string, readonly string[]>()
  const all = [globals, ...commands.flatMap((c) => [c.flags, ...c.subcommands.map((s) => s.flags)])].flat()
  for (const f of all) if (f.choices) choices.set(f.flag, f.choices)
  const prev = [...choices].map(([flag, values]) => `    ${flag}) words="${values.join(' ')}" ;;`)
  const subs = commands.filter((c) => c.subcommands.length).map((c) => c.name)
  return `_timmy() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" sub="" w words=""
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in
      -*) ;;
      *) if [ -z "$cmd" ]; then cmd="$w"
         elif [ -z "$sub" ]; then case " ${subs.join(' ')} " in *" $cmd "*) sub="$w" ;; esac
         fi ;;
    esac
  done
  case "$prev" in
${prev.join('\n')}
  esac
  if [ -z "$words" ]; then
  case "$cmd/$sub" in
${cases.join('\n')}
  esac
  fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F _timmy timmy
`
}

const q = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

function fishFlag(f: FlagNode, condition: string): string {
  const parts = ['complete -c timmy']
  if (condition) parts.push(`-n ${q(condition)}`)
  parts.push(`-l ${f.flag.slice(2)}`)
  if (f.short) parts.push(`-s ${f.short.slice(1)}`)
  if (f.takesValue) parts.push('-r')
  if (f.choices) parts.push(`-a ${q(f.choices.join(' '))}`)
  parts.push(`-d ${q(f.description)}`)
  return parts.join(' ')
}

function fish(commands: CommandNode[], globals: FlagNode[]): string {
  const lines = ['# timmy completion for fish: timmy completion fish | source', 'complete -c timmy -f']
  for (const f of globals) lines.push(fishFlag(f, ''))
  for (const c of commands) {
    lines.push(`complete -c timmy -n '__fish_use_subcommand' -a ${c.name} -d ${q(c.summary)}`)
    const seen = `__fish_seen_subcommand_from ${c.name}`
    for (const f of c.flags) lines.push(fishFlag(f, seen))
    const names = c.subcommands.map((s) => s.name).join(' ')
    for (const s of c.subcommands) {
      lines.push(
        `complete -c timmy -n ${q(`${seen}; and not __fish_seen_subcommand_from ${names}`)} -a ${s.name} -d ${q(s.summary)}`,
      )
      for (const f of s.flags) lines.push(fishFlag(f, `${seen}; and __fish_seen_subcommand_from ${s.name}`))
    }
  }
  return `${lines.join('\n')}\n`
}
