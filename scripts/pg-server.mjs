#!/usr/bin/env node
// A throwaway PostgreSQL server for tests and CI: initdb into a temp folder, started with pg_ctl on a
// free 127.0.0.1 port (and a Unix socket in its folder), trust auth, fsync off.
//   node scripts/pg-server.mjs start <dir> [--install]   prints `export TIMMY_TEST_PG_URL=postgres://…`
//   node scripts/pg-server.mjs stop <dir>
// Exit code 3: no binaries and none installed (the test helper skips then).
// <dir> keeps the state (`pg-server.json`). Binaries: initdb/pg_ctl on PATH, else the newest
// /usr/lib/postgresql/<v>/bin; with --install and none found, `apt-get install -y postgresql` (Debian).
// initdb refuses root: as root the server runs as $TIMMY_PG_USER (default `nobody`) through runuser,
// its cluster in a temp folder that user owns.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The folder holding initdb and pg_ctl, or undefined. */
export function findPgBin() {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : undefined
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** Run a PostgreSQL program, as the unprivileged user when we are root. */
function run(bin, prog, args, user) {
  const file = join(bin, prog)
  const [cmd, argv] = user ? ['runuser', ['-u', user, '--', file, ...args]] : [file, args]
  const r = spawnSync(cmd, argv, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${prog} failed (${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').trim()}`)
  return r.stdout
}

function install() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env })
}

export async function start(dir, { install: mayInstall = false } = {}) {
  let bin = findPgBin()
  if (!bin && mayInstall) {
    install()
    bin = findPgBin()
  }
  if (!bin)
    throw Object.assign(new Error('no PostgreSQL binaries (initdb, pg_ctl) found; install postgresql or set TIMMY_TEST_PG_URL'), {
      exitCode: 3,
    })
  mkdirSync(dir, { recursive: true })
  const root = process.getuid?.() === 0
  const user = root ? (process.env.TIMMY_PG_USER ?? 'nobody') : undefined
  // As root, a folder the server's user owns (the given one may sit under folders it cannot enter).
  const home = root ? mkdtempSync(join(tmpdir(), 'timmy-pg-')) : join(dir, 'pg')
  mkdirSync(home, { recursive: true })
  if (user) {
    const id = (flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim())
    chownSync(home, id('-u'), id('-g'))
  }
  const data = join(home, 'data')
  run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'], user)
  let port
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    const opts = `-p ${port} -k ${home} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
    try {
      run(bin, 'pg_ctl', ['-D', data, '-l', join(home, 'server.log'), '-w', '-t', '30', '-o', opts, 'start'], user)
      break
    } catch (err) {
      if (attempt >= 3) throw err // the port was taken between the probe and the start: try another
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  writeFileSync(join(dir, 'pg-server.json'), JSON.stringify({ bin, home, data, user: user ?? null, port, url }))
  return url
}

export function stop(dir) {
  const file = join(dir, 'pg-server.json')
  if (!existsSync(file)) return
  const { bin, home, data, user } = JSON.parse(readFileSync(file, 'utf8'))
  try {
    run(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], user ?? undefined)
  } finally {
    rmSync(home, { recursive: true, force: true })
    rmSync(file, { force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dir] = process.argv.slice(2)
  if (!dir || (cmd !== 'start' && cmd !== 'stop')) {
    process.stderr.write('usage: node scripts/pg-server.mjs start|stop <dir> [--install]\n')
    process.exit(2)
  }
  try {
    if (cmd === 'start') {
      const url = await start(dir, { install: process.argv.includes('--install') })
      process.stdout.write(`export TIMMY_TEST_PG_URL=${url}\n`)
    } else stop(dir)
  } catch (err) {
    process.stderr.write(`pg-server: ${err.message}\n`)
    process.exit(err.exitCode ?? 1) // 3: no binaries (tests skip)
  }
}
