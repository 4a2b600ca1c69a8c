/**
 * Bridge benchmarks (run: node --import tsx bench/bridge.ts). Builds timmy once (tsc → .tmp/), then:
 * 1. Round trip of one `pre_tool_call` from the Python bridge plugin to `timmy serve` and back
 *    (median, p99), against the same JSON over a raw Python socket to a trivial Python echo server.
 * 2. `timmy hook` (one process per event, built JS) wall time, against `node -e 0`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const OUT = join(ROOT, '.tmp', 'bench-bridge')
const PLUGIN = join(ROOT, 'config', 'hermes-plugins', 'timmy-bridge')
const RTT = join(ROOT, 'bench', 'bridge-rtt.py')
const N_RTT = 3000
const ROUNDS = 3
const N_SPAWN = 25

const median = (xs: number[]) => quantile(xs, 0.5)
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`

rmSync(OUT, { recursive: true, force: true })
mkdirSync(OUT, { recursive: true })
process.stdout.write('building timmy (tsc) … ')
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(OUT, 'dist')],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
)
console.log('done')
const BIN = join(OUT, 'dist', 'core', 'cli', 'bin.js')

const home = mkdtempSync(join(tmpdir(), 'timmy-bench-'))
const env = {
  ...process.env,
  TIMMY_HOME: join(home, 'timmy'),
  HERMES_HOME: join(home, 'hermes'),
  HOME: home,
  TIMMY_LOG_LEVEL: 'warn',
}
// The real budget plugin answers every pre_tool_call's veto question (no budgets configured: no veto),
// as in production.
mkdirSync(env.TIMMY_HOME, { recursive: true })

const children: ChildProcess[] = []
try {
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(server)
  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    server.stderr!.on('data', (d) => {
      seen += d
      const m = seen.match(/listening on (http:\/\/[\d.:]+)/)
      if (m) resolve(m[1]!)
    })
    server.on('exit', () => reject(new Error(`timmy serve exited:\n${seen}`)))
  })

  // 1. Python bridge round trip (Unix socket, then HTTP) vs a Python socket echo
  const discovery = JSON.parse(readFileSync(join(env.TIMMY_HOME, 'bridge.json'), 'utf8')) as {
    socket?: string
  }
  if (!discovery.socket) throw new Error('timmy serve listens on no bridge socket')
  const rtt = (extra: Record<string, string>) => {
    const r = JSON.parse(
      execFileSync('python3', [RTT, 'bridge', PLUGIN, String(N_RTT / ROUNDS)], {
        env: { ...env, ...extra },
      }).toString(),
    ) as { us: number[]; stats: Record<string, number> }
    if (r.stats.unreachable) throw new Error('the bridge could not reach timmy serve')
    return r.us
  }
  // The floor for any Node server on this transport: a trivial NDJSON echo that answers "no veto".
  const floorSock = join(home, 'floor.sock')
  const floor = spawn(
    process.execPath,
    [
      '-e',
      `require('node:net').createServer((s) => { let b = ''; s.on('data', (d) => { b += d; let i;
        while ((i = b.indexOf('\\n')) !== -1) { JSON.parse(b.slice(0, i)); b = b.slice(i + 1);
        s.write('{"status":200,"ok":true,"reply":null}\\n') } }) }).listen(process.argv[1], () => console.log('ready'))`,
      floorSock,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  children.push(floor)
  await new Promise((r) => floor.stdout!.once('data', r))
  const echoServer = spawn('python3', [RTT, 'echo-server'], { stdio: ['pipe', 'pipe', 'inherit'] })
  children.push(echoServer)
  const echoPort = await new Promise<number>((r) =>
    echoServer.stdout!.once('data', (d) => r(Number(String(d).trim()))),
  )
  const echoRun = () =>
    (
      JSON.parse(
        execFileSync('python3', [RTT, 'echo', String(echoPort), String(N_RTT / ROUNDS)]).toString(),
      ) as {
        us: number[]
      }
    ).us
  // Interleaved rounds, so a busy moment on the machine hits every series alike.
  const viaSocket: number[] = []
  const viaHttp: number[] = []
  const viaFloor: number[] = []
  const echo = { us: [] as number[] }
  for (let round = 0; round < ROUNDS; round++) {
    viaSocket.push(...rtt({ TIMMY_BRIDGE_SOCKET: discovery.socket }))
    viaFloor.push(...rtt({ TIMMY_BRIDGE_SOCKET: floorSock }))
    echo.us.push(...echoRun())
    viaHttp.push(...rtt({ TIMMY_BRIDGE_URL: url }))
  }
  echoServer.stdin!.end()
  const em = median(echo.us)
  console.log(`\nPython bridge → timmy serve → reply (pre_tool_call with a veto check), n=${N_RTT}:`)
  for (const [name, us] of [
    ['unix socket', viaSocket],
    ['http', viaHttp],
    ['node floor', viaFloor],
  ] as const) {
    console.log(
      `  ${name.padEnd(11)} median ${ms(median(us))}  p99 ${ms(quantile(us, 0.99))}  = ${(median(us) / em).toFixed(2)}× the echo`,
    )
  }
  console.log(
    `  echo        median ${ms(em)}  p99 ${ms(quantile(echo.us, 0.99))}  (raw Python TCP socket, trivial Python echo server)`,
  )
  console.log(
    '  (node floor: the same plugin against a trivial Node NDJSON server that always answers "no veto")',
  )
  console.log('  target: median ≤ 2 ms and ≤ 3× the echo')

  // 2. timmy hook process per event vs node -e 0
  const payload = readFileSync(new URL('../test/bridge/fixtures/shell-pre_tool_call.json', import.meta.url))
  const time = (args: string[], input?: Buffer) => {
    const t = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, { env: { ...env, TIMMY_BRIDGE_URL: url }, input })
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    return Number(process.hrtime.bigint() - t) / 1000
  }
  for (let i = 0; i < 3; i++) {
    time(['-e', '0'])
    time([BIN, 'hook'], payload)
  }
  const base: number[] = []
  const hook: number[] = []
  for (let i = 0; i < N_SPAWN; i++) {
    base.push(time(['-e', '0']))
    hook.push(time([BIN, 'hook'], payload))
  }
  console.log(`\ntimmy hook (built JS, pre_tool_call to the running server), n=${N_SPAWN}:`)
  console.log(`  node -e 0   median ${ms(median(base))}`)
  console.log(`  timmy hook  median ${ms(median(hook))}`)
  console.log(`  ratio       ${(median(hook) / median(base)).toFixed(2)}×   (target ≤ 2×)`)
} finally {
  for (const c of children) c.kill('SIGTERM')
  rmSync(home, { recursive: true, force: true })
}
