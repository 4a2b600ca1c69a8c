/**
 * `timmy hook`: Hermes' shell-hook fallback (FORMATS.md §3c). Reads the hook's JSON from stdin, posts it
 * to `timmy serve` (its own user's socket, or HTTP with the secret; see bridge-client.ts), prints the reply Hermes accepts for that hook (or nothing), exits 0. Junk stdin,
 * a down server or a timeout never crash it. One process per event: it imports no config, fastify or
 * TypeBox.
 */

import { defineCommand } from '../../../core/cli/command.js'

const MAX_STDIN = 8 * 1024 * 1024

export default defineCommand({
  summary: 'Shell-hook bridge: Hermes hook JSON on stdin → timmy serve → reply on stdout',
  description:
    'Configure it in $HERMES_HOME/config.yaml as a shell hook (hooks: {pre_tool_call: [{command: "timmy hook"}], …}).\n' +
    'Hermes writes {"hook_event_name", "tool_name", "tool_input", "session_id", "cwd", "extra"} to stdin;\n' +
    'timmy hook forwards it to the running timmy serve (--url or $TIMMY_BRIDGE_URL; else the Unix socket\n' +
    '<--home or $TIMMY_HOME>/bridge.sock when it is yours; else the URL in bridge.json when its pid is a\n' +
    'live process of yours; never a default port). Over HTTP it sends the secret of $TIMMY_HOME/secret and\n' +
    'ignores an answer without timmy\'s proof. It prints {"action":"block","message":…} for a\n' +
    'vetoed pre_tool_call, {"context":…} for pre_llm_call, and nothing otherwise. It always exits 0.\n' +
    'When timmy cannot be reached within --timeout (default 500 ms), --fail (or $TIMMY_BRIDGE_FAIL)\n' +
    'decides: open (default) prints nothing, closed blocks tool calls. Hermes asks consent per\n' +
    '(event, command) pair: approve each once, or run Hermes with --accept-hooks / HERMES_ACCEPT_HOOKS=1.',
  options: {
    url: {
      type: 'string',
      value: 'url',
      description: 'timmy serve to post to (default: $TIMMY_BRIDGE_URL, the socket)',
    },
    home: { type: 'string', value: 'dir', description: 'the TIMMY_HOME whose socket and secret to use' },
    timeout: { type: 'string', value: 'ms', description: 'give up after this long (default 500)' },
    fail: {
      type: 'string',
      value: 'mode',
      description: 'when timmy is unreachable: open (default) or closed',
    },
  },
  async run(ctx) {
    const { discoverBridge, postEvent, timmyHomeOf } = await import('../bridge-client.js')
    const { fromShellHook, isAcceptedReply, unreachableReply } = await import('../bridge-protocol.js')
    if (process.stdin.isTTY) {
      ctx.stderr.write('timmy hook reads a Hermes shell-hook JSON payload on stdin; pipe one in.\n')
      return 0
    }
    const text = await readStdin(MAX_STDIN)
    let parsed: unknown
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      return 0
    }
    // Hermes spawns the hook itself: the parent process is the Hermes that sent the event.
    const event = fromShellHook(parsed, {
      pid: process.ppid,
      ...(process.env.HERMES_HOME ? { hermes_home: process.env.HERMES_HOME } : {}),
    })
    if (!event) return 0
    const policyText = String(ctx.values.fail ?? process.env.TIMMY_BRIDGE_FAIL ?? 'open').toLowerCase()
    const policy = policyText === 'closed' ? 'closed' : 'open'
    const timeoutText = ctx.values.timeout ?? process.env.TIMMY_BRIDGE_TIMEOUT_MS
    const timeoutMs = Number(timeoutText) > 0 ? Number(timeoutText) : 500
    let reply: unknown
    const env = ctx.values.home ? { ...process.env, TIMMY_HOME: ctx.values.home as string } : process.env
    const target = discoverBridge(env, ctx.values.url as string | undefined)
    try {
      if (!target) throw new Error('timmy is not running')
      reply = (await postEvent(target, event, timeoutMs, timmyHomeOf(env)))?.reply
    } catch {
      reply = unreachableReply(event.hook, policy)
    }
    if (isAcceptedReply(event.hook, reply)) ctx.stdout.write(`${JSON.stringify(reply)}\n`)
    return 0
  },
})

/** Read stdin up to `limit` bytes; beyond it, return '' (an over-long payload gets no reply). */
function readStdin(limit: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    process.stdin.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) over = true
      else chunks.push(c)
    })
    process.stdin.on('end', () => resolve(over ? '' : Buffer.concat(chunks).toString('utf8')))
    process.stdin.on('error', () => resolve(''))
  })
}
