import { accessSync, constants, existsSync, statSync } from 'node:fs'
import { contributesDoctor, type DoctorCheck } from '../../doctor-check.js'
import { reasonOf, TimmyError } from '../../errors.js'
import { unsafeReason } from '../../unsafe-reason.js'
import { defineCommand } from '../command.js'
import { paint, tableWidth } from '../terminal.js'
import { hangingWrap } from '../wrap-text.js'

type Check = DoctorCheck

export default defineCommand({
  summary: 'Check Node, paths, permissions and the store',
  description: 'Runs every check and prints one line per check. Exit 1 when a required check fails.',
  async run(ctx) {
    const checks: Check[] = []
    const major = Number(process.versions.node.split('.')[0])
    checks.push({ name: 'node', ok: major >= 20, detail: `Node ${process.versions.node} (timmy needs ≥ 20)` })
    let loaded: Awaited<ReturnType<typeof ctx.config>> | undefined
    try {
      loaded = await ctx.config()
      checks.push({ name: 'config', ok: true, detail: loaded.file ?? 'no config file (defaults)' })
    } catch (err) {
      checks.push({ name: 'config', ok: false, detail: reasonOf(err) })
    }
    if (loaded) {
      const { paths } = loaded
      checks.push(folderCheck('timmy home', paths.home, false))
      checks.push(folderCheck('hermes home', paths.hermesHome, true))
      try {
        const host = await ctx.host({ logLevel: 'error' })
        checks.push({
          name: 'plugins',
          ok: true,
          detail: `${host.plugins.length} loaded: ${host.plugins.map((p) => p.plugin.name).join(', ')}`,
        })
        const store = await host.store()
        const h = store.health()
        checks.push({
          name: 'store',
          ok: h.ok && h.journalMode === 'wal',
          detail: `${paths.store}: integrity ${h.integrity}, journal ${h.journalMode}, ${h.sizeBytes} bytes`,
        })
        // Lines from plugins: the service named after a plugin may offer doctor() (core/doctor-check.ts).
        for (const p of host.plugins) {
          const service = host.service(p.plugin.name)
          if (!contributesDoctor(service)) continue
          try {
            checks.push(...(await service.doctor()))
          } catch (err) {
            checks.push({
              name: p.plugin.name,
              ok: false,
              detail: `its doctor check failed: ${reasonOf(err)}`,
            })
          }
        }
      } catch (err) {
        checks.push({
          name: 'plugins/store',
          ok: false,
          detail: err instanceof TimmyError ? err.message : reasonOf(err),
        })
      }
    }
    const failed = checks.filter((c) => !c.ok && !c.advisory)
    if (ctx.json) ctx.printJson({ ok: failed.length === 0, checks })
    else
      for (const c of checks) {
        const mark = c.ok
          ? paint('green', 'ok  ')
          : c.advisory
            ? paint('yellow', 'warn')
            : paint('red', 'FAIL')
        ctx.print(mark + hangingWrap(`      ${c.name.padEnd(12)} `, c.detail, tableWidth()).slice(4))
      }
    return failed.length ? 1 : 0
  },
})

function folderCheck(name: string, path: string, advisory: boolean): Check {
  if (!existsSync(path))
    return {
      name,
      ok: !advisory,
      advisory,
      detail: `${path} does not exist yet${advisory ? '' : ' (created on first use)'}`,
    }
  const st = statSync(path)
  if (!st.isDirectory()) return { name, ok: false, detail: `${path} is not a folder` }
  const unsafe = unsafeReason(path, st) // the check every command's boot makes on TIMMY_HOME
  if (unsafe) return { name, ok: false, detail: `${path}: ${unsafe}: chown it to you, chmod 700 ${path}` }
  try {
    accessSync(path, constants.W_OK)
  } catch {
    return { name, ok: false, detail: `${path} is not writable by this user` }
  }
  return { name, ok: true, detail: path }
}
