/** The `deploy.fleet` service (provided by plugins/deploy): rollouts of a pushed commit across the fleet. */
import type { DeployReport } from '../run-deploy.js'
import type { Rollout } from './rollout-store.js'

export type { HostStepState, Rollout, RolloutHost, RolloutState } from './rollout-store.js'

/** A host whose live generation is not the one the last successful rollout left it on. */
export interface FleetDrift {
  host: string
  /** The generation the last successful rollout deployed there. */
  expected: number | null
  /** What the host reports now (its `hosts` row), or null when it has no row. */
  live: number | null
  commit: string
}

export interface FleetStatus {
  backend: 'sqlite' | 'postgres'
  /** This host's id. */
  self: string
  /** The newest rollout (running or finished). */
  current: Rollout | null
  /** The newest rollout that finished with every host done. */
  lastSuccessful: Rollout | null
  drift: FleetDrift[]
}

export interface FleetService {
  /** This host's id: the hosts plugin's, else the hostname. Inventory entries are keyed by it. */
  readonly hostId: string
  /** Pull `commit` here, read its inventory, record a rollout and enqueue its first host's deploy. */
  start(commit: string): Promise<Rollout>
  get(id: number): Promise<Rollout | undefined>
  /** Newest first. */
  list(limit?: number): Promise<Rollout[]>
  status(): Promise<FleetStatus>
  /** This host's step: pull `commit`, pre-flight, validate and deploy with its inventory values. */
  deployHost(commit: string): Promise<DeployReport & { sha: string }>
}

declare module '../../../core/plugin.js' {
  interface Services {
    'deploy.fleet': FleetService
  }
}
