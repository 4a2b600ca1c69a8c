/**
 * Bring the config repo's working copy to a commit: clone once, then fetch + checkout (git, argv only).
 * The remote is the operator's (`pluginOptions.deploy.webhook.remote`), fetched over https, ssh or git only. git gets
 * the allow-listed environment (core/child-env.ts, plus ssh/proxy names), never timmy's tokens.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { HermesService } from '../hermes/types.js'
import { GIT_TRANSPORT_ARGS, remoteProblem } from './check-webhook.js'
import { E } from './errors.js'

const run = promisify(execFile)

export async function pullConfigRepo(options: {
  workdir: string
  remote: string
  branch: string
  commit: string
  hermes: HermesService
}): Promise<string> {
  const { workdir, remote, branch, commit } = options
  const env = options.hermes.childEnv({ pass: options.hermes.gitEnvNames })
  const git = (...args: string[]) =>
    run('git', [...GIT_TRANSPORT_ARGS, ...args], { cwd: workdir, timeout: 120_000, env })
  const problem = remoteProblem(remote)
  if (problem) throw E.DEPLOY_WEBHOOK_UNSAFE({ reason: problem })
  try {
    if (!existsSync(join(workdir, '.git'))) {
      mkdirSync(dirname(workdir), { recursive: true, mode: 0o700 })
      await run(
        'git',
        [...GIT_TRANSPORT_ARGS, 'clone', '--quiet', '--branch', branch, '--', remote, workdir],
        { timeout: 120_000, env },
      )
    } else {
      await git('fetch', '--quiet', '--', remote, `+refs/heads/${branch}:refs/remotes/origin/${branch}`)
    }
    await git('checkout', '--quiet', '--force', '--detach', commit)
    const { stdout } = await git('rev-parse', 'HEAD')
    return stdout.trim()
  } catch (err) {
    const reason =
      ((err as { stderr?: string }).stderr || (err as Error).message).trim().split('\n')[0] ?? 'git failed'
    throw E.DEPLOY_PULL_FAILED({ repo: workdir, reason }, { cause: err, exitCode: 1 })
  }
}
