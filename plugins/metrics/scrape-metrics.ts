/** Gauges and counters filled from one `readFleet` per scrape: each `collect()` resets, then fills. */
import type { Counter, Gauge, Registry } from 'prom-client'
import type { FleetFigures } from './read-fleet.js'

type Prom = typeof import('prom-client')

export interface ScrapeMetrics {
  registry: Registry
  figures: () => Promise<FleetFigures>
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (g: Gauge<L>, f: FleetFigures) => void,
  ): Gauge<L>
  counter<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (c: Counter<L>, f: FleetFigures) => void,
  ): Counter<L>
}

export function createScrapeMetrics(
  prom: Prom,
  registry: Registry,
  figures: () => Promise<FleetFigures>,
): ScrapeMetrics {
  return {
    registry,
    figures,
    gauge: <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (g: Gauge<L>, f: FleetFigures) => void,
    ) =>
      new prom.Gauge<L>({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const f = await figures()
          this.reset()
          fill(this, f)
        },
      }),
    counter: <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (c: Counter<L>, f: FleetFigures) => void,
    ) =>
      new prom.Counter<L>({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const f = await figures()
          this.reset()
          fill(this, f)
        },
      }),
  }
}
