/**
 * Install the stub `hermes` on a PATH folder: an executable Node script (shebang, chmod +x) that loads
 * hermes-stub.mjs with this rehearsal's config (Gitea URL and the agent's token, the per-issue script,
 * where to log argv and usage). The dispatch plugin passes agents only a filtered environment, so the
 * config path is written into the executable rather than passed as a variable.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface AgentScript {
  name?: string
  /** Open a pull request from branch issue-<n> (body default `Fixes #<n>`). */
  pr?: { title?: string; body?: string }
  tokens?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number }
  cost?: number
  /** Exit with this code after writing the usage file. */
  exit?: number
  /** Never finish (dispatch's timeout must end it). */
  hang?: boolean
  text?: string
}

export interface StubHermes {
  bin: string
  argvLog: string
  usageLog: string
  /** Every run the stub recorded (rejected flag sets included). */
  runs(): StubRun[]
  /** Give issue `n` its script (the stub reads the script file on every run). */
  script(n: number, script: AgentScript): void
  /** Every usage file the stub wrote. */
  usages(): {
    issue: number | null
    profile: string | null
    prompt: string
    usage: Record<string, number | string>
  }[]
}

export interface StubRun {
  argv: string[]
  prompt: string
  issue: number | null
  repo: string | null
  model: string | null
  provider: string | null
  toolsets: string[] | null
  profile: string | null
  hermesHome: string | null
  script: string | null
  rejected?: boolean
}

const STUB = fileURLToPath(new URL('./hermes-stub.mjs', import.meta.url))

const lines = <T>(file: string): T[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T)
    : []

export function installStubHermes(
  dir: string,
  o: { giteaUrl: string; token: string; control: string; scripts: Record<string, AgentScript> },
): StubHermes {
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  const argvLog = join(dir, 'hermes-argv.jsonl')
  const usageLog = join(dir, 'hermes-usage.jsonl')
  const configFile = join(dir, 'hermes-stub.json')
  const config = { ...o, scripts: { ...o.scripts }, argvLog, usageLog }
  const save = () => writeFileSync(configFile, JSON.stringify(config, null, 2))
  save()
  const exe = join(bin, 'hermes')
  writeFileSync(
    exe,
    `#!${process.execPath}\n` +
      `import(${JSON.stringify(pathToFileURL(STUB).href)}).then((m) => m.main(${JSON.stringify(configFile)}))\n`,
  )
  chmodSync(exe, 0o755)
  return {
    bin,
    argvLog,
    usageLog,
    runs: () => lines<StubRun>(argvLog),
    script(n, script) {
      config.scripts[String(n)] = script
      save()
    },
    usages: () => lines(usageLog),
  }
}
