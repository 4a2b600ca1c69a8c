import type { YamlSource } from '../../../core/config/yaml-source.js'
import type { RunReport, WorkItem } from '../../../core/hooks.js'
import type { StepReturn } from '../../pool/pool-types.js'
import { checkStubKeys } from '../check-fixture.js'
import { E } from '../errors.js'
import { matchesTrigger } from '../match-trigger.js'
import type { PlaybooksService } from '../service.js'
import type { Expect } from './expect-schema.js'

/** Load the playbook with the case's stubs and replacements, and run it (unstored, plan only) when the event triggers it. */
export async function runFixture(
  service: PlaybooksService,
  file: string,
  expect: Expect,
  source: YamlSource,
  item: WorkItem,
): Promise<{ triggered: boolean; report: RunReport | undefined }> {
  const stubs = new Map<string, StepReturn>()
  const replacements = new Map<string, string>()
  for (const [key, stub] of Object.entries(expect.stubs)) {
    if (typeof stub === 'string') replacements.set(key, stub)
    else stubs.set(key, stub as StepReturn)
  }
  const pb = await service.load(file, { stubbed: [...stubs.keys(), ...replacements.keys()] })
  checkStubKeys(pb, Object.keys(expect.stubs), source)
  const catalog = await service.catalog()
  const replace = new Map<string, { module: string; name: string; use: string }>()
  for (const [key, use] of replacements) {
    const info = catalog.get(use)
    if (!info)
      throw E.PLAYBOOK_FIXTURE_INVALID(
        { reason: `stub "${key}" names step "${use}", which no loaded plugin offers` },
        { loc: source.locate(['stubs', key]) },
      )
    replace.set(key, info)
  }
  const triggered = matchesTrigger(pb.on, item)
  const report = triggered
    ? await service.run(pb, {
        item,
        ...(expect.with ? { with: expect.with } : {}),
        stubs,
        replace,
        requireHandlers: false,
        store: false,
      })
    : undefined
  return { triggered, report }
}
