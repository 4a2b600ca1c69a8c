/** The playbooks service's state: host, options, resolved folders, caches, lane gate and lazy stores. */
import { resolve } from 'node:path'
import { createLaneGate } from '../lane-gate.js'
import type { Lanes } from '../load-lanes.js'
import type { LoadedPlaybook } from '../load-playbook.js'
import type { ReportStore } from '../report-store.js'
import type { ServiceHost, ServiceOptions } from '../service.js'
import type { StepCatalog } from '../step-catalog.js'

export interface PlaybooksState {
  host: ServiceHost
  options: ServiceOptions
  cwd: string
  projectDir: string
  cache: Map<string, { stamp: string; pb: LoadedPlaybook }>
  laneCache: Map<string, { stamp: string; lanes: Lanes }>
  gate: ReturnType<typeof createLaneGate>
  catalogPromise?: Promise<StepCatalog> | undefined
  reports?: Promise<ReportStore> | undefined
}

/** A fresh state for one service: empty caches, no catalog or report store opened yet. */
export function createServiceState(host: ServiceHost, options: ServiceOptions): PlaybooksState {
  const cwd = options.cwd ?? process.cwd()
  return {
    host,
    options,
    cwd,
    projectDir: resolve(cwd, options.dir),
    cache: new Map(),
    laneCache: new Map(),
    gate: createLaneGate(),
  }
}
