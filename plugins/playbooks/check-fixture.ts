/** A fixture against its playbook: every stub must be keyed by a step id or a `use` of that playbook. */
import type { YamlSource } from '../../core/config/yaml-source.js'
import { didYouMean } from '../../core/did-you-mean.js'
import { E } from './errors.js'
import type { LoadedPlaybook } from './load-playbook.js'

export function checkStubKeys(pb: LoadedPlaybook, keys: readonly string[], expect: YamlSource): void {
  const known = [...new Set(pb.steps.flatMap((s) => [s.id, s.use]))]
  for (const key of keys) {
    if (known.includes(key)) continue
    throw E.PLAYBOOK_FIXTURE_UNKNOWN_STUB(
      { key, playbook: pb.name, known: known.join(', '), suggestion: didYouMean(key, known) },
      { loc: expect.locate(['stubs', key], 'key') },
    )
  }
}
