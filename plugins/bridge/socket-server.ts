/**
 * The Unix-socket transport of the bridge: `$TIMMY_HOME/bridge.sock` (mode 0600, so only the user
 * running timmy can post), newline-delimited JSON. Each line is a request body (an event or an array);
 * each answer is one line: the same JSON the HTTP route returns, plus `"status"`. Lines are answered in
 * order. A line over the body limit is refused and the connection closed; a line that is not JSON is
 * answered with an error and the connection goes on.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { dirname } from 'node:path'
import { E } from './errors.js'
import type { HandlerDeps } from './handle-event.js'
import { type BodyLimits, processBody, refusal } from './process-body.js'

/** Longest Unix socket path most systems accept. */
const MAX_SOCKET_PATH = 103

export interface SocketServer {
  path: string
  close(): Promise<void>
}

export async function startSocketServer(
  path: string,
  deps: HandlerDeps,
  limits: BodyLimits,
): Promise<SocketServer | undefined> {
  // Bound under a name of our own, then renamed into place: the path is replaced atomically, and
  // closing (which unlinks the bound name) never removes a socket someone else put at `path`.
  const bound = `${path}.${process.pid}`
  if (Buffer.byteLength(bound) > MAX_SOCKET_PATH) {
    deps.log.warn({ path }, 'TIMMY_HOME is too deep for a Unix socket path; the bridge uses HTTP only')
    return undefined
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  if (existsSync(path)) {
    if (await isLive(path)) {
      deps.log.warn({ path }, 'another timmy serve answers on the bridge socket; this one uses HTTP only')
      return undefined
    }
  }
  rmSync(bound, { force: true })
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    serveConnection(socket, deps, limits)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Created owner-only (umask), not chmod-ed after, so no moment lets others connect. The bind is
    // synchronous inside listen(), so the umask is restored before anything else of the process runs.
    const umask = process.umask(0o177)
    try {
      server.listen(bound, () => {
        server.off('error', reject)
        resolve()
      })
    } finally {
      process.umask(umask)
    }
  })
  chmodSync(bound, 0o600)
  renameSync(bound, path)
  const ino = lstatSync(path).ino
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => {
          // Ours only: the same inode we renamed into place.
          try {
            if (lstatSync(path).ino === ino) unlinkSync(path)
          } catch {}
          resolve()
        })
      }),
  }
}

function serveConnection(socket: Socket, deps: HandlerDeps, limits: BodyLimits): void {
  let buffered: Buffer[] = []
  let size = 0
  let refused = false
  let chain = Promise.resolve()
  const refuse = () => {
    refused = true
    deps.stats.tooLarge++
    buffered = []
    socket.pause()
    const answer = { status: 413, ...refusal(E.HERMES_EVENT_TOO_LARGE({ limit: limits.maxBodyBytes })) }
    chain = chain.then(() => {
      socket.end(`${JSON.stringify(answer)}\n`)
    })
  }
  socket.on('data', (chunk: Buffer) => {
    if (refused) return
    let start = 0
    let nl = chunk.indexOf(10)
    while (nl !== -1) {
      if (size + (nl - start) > limits.maxBodyBytes) return refuse()
      buffered.push(chunk.subarray(start, nl))
      const line = Buffer.concat(buffered).toString('utf8')
      buffered = []
      size = 0
      chain = chain.then(() => answerLine(socket, line, deps, limits))
      start = nl + 1
      nl = chunk.indexOf(10, start)
    }
    if (start < chunk.length) {
      buffered.push(chunk.subarray(start))
      size += chunk.length - start
      if (size > limits.maxBodyBytes) refuse()
    }
  })
}

async function answerLine(
  socket: Socket,
  line: string,
  deps: HandlerDeps,
  limits: BodyLimits,
): Promise<void> {
  if (socket.destroyed || line.trim() === '') return
  let body: unknown
  try {
    body = JSON.parse(line)
  } catch (err) {
    deps.stats.malformed++
    const answer = refusal(
      E.HERMES_EVENT_MALFORMED({ reason: `the line is not JSON (${(err as Error).message})` }),
    )
    socket.write(`${JSON.stringify({ status: 400, ...answer })}\n`)
    return
  }
  const { status, answer } = await processBody(body, deps, limits, 'socket')
  if (!socket.destroyed) socket.write(`${JSON.stringify({ status, ...answer })}\n`)
}

function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(path)
    c.once('connect', () => {
      c.destroy()
      resolve(true)
    })
    c.once('error', () => resolve(false))
  })
}
