/** A configured wizard's tuning, or DEADMAN_UNKNOWN_WIZARD naming the known ones (with a did-you-mean). */
import { didYouMean } from '../../core/did-you-mean.js'
import type { DeadmanScope } from './deadman-scope.js'
import { E } from './errors.js'
import type { WizardTuning } from './options.js'

export function requireWizard(scope: DeadmanScope, wizard: string): WizardTuning {
  const w = scope.tuning.wizards.get(wizard)
  if (!w)
    throw E.DEADMAN_UNKNOWN_WIZARD({
      wizard,
      known: [...scope.names].join(', '),
      suggestion: didYouMean(wizard, scope.names),
    })
  return w
}
