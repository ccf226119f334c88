import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import type { GateConfig } from '../rollout/gate-schema.js';
import { evaluateGate, type GateStatus } from './evaluate-gate.js';
import { KpiWindow } from './kpi-window.js';
import type { ModelMetadata } from '../vocabulary/model-metadata.js';

/** Emitted once per document version and challenger when the gate opens. */
export interface GateReadyEvent extends GateStatus {
  readonly ready: true;
  readonly challenger: string;
  /** The document version in force when the gate opened. */
  readonly version: string;
  /** The challenger's registry entry, when the router was given a `registry` that has it. */
  readonly model?: ModelMetadata;
  /** The champion's registry entry, likewise. */
  readonly championModel?: ModelMetadata;
}

/** How many times per bucket (router clock) attributed outcomes re-evaluate the gate, at most: hourly for daily buckets. */
const CHECKS_PER_BUCKET = 24;

/**
 * A route's gate: the rolling window fed with attributed outcomes, and the gate evaluated over it at most
 * 24 times per bucket as outcomes arrive (and on demand). Inactive (nothing kept) unless the
 * document in force has both an `experiment` and a `gate`.
 */
export class GateRunner {
  private readonly window: KpiWindow;
  private config: { gate: GateConfig; experiment: ExperimentConfig; version: string; checkMs: number } | undefined;
  private nextCheck = -Infinity;
  private readonly announced = new Set<string>();

  constructor(
    route: string,
    private readonly onReady: (event: GateReadyEvent) => void,
  ) {
    this.window = new KpiWindow(route);
  }

  /** A document was applied. */
  prepare(
    version: string,
    champion: string,
    experiment: ExperimentConfig | undefined,
    gate: GateConfig | undefined,
  ): void {
    if (experiment === undefined || gate === undefined) {
      this.config = undefined;
      return;
    }
    this.config = {
      gate,
      experiment,
      version,
      checkMs: this.window.prepare(champion, experiment, gate) / CHECKS_PER_BUCKET,
    };
    this.nextCheck = -Infinity;
  }

  /** An outcome was attributed: into the window; re-evaluates the gate when a check is due. */
  add(metric: string, variant: string, value: number, now: number): void {
    if (this.config === undefined) return;
    this.window.add(metric, variant, value, now);
    if (now >= this.nextCheck) {
      this.nextCheck = now + this.config.checkMs;
      this.status(now);
    }
  }

  /** The gate's verdict at `now` (undefined when inactive); announces a newly ready challenger. */
  status(now: number): GateStatus | undefined {
    const config = this.config;
    if (config === undefined) return undefined;
    const status = evaluateGate(this.window.figures(now), config.gate, config.experiment, now);
    if (status.ready && status.challenger !== undefined) {
      const key = `${config.version}\u0000${status.challenger}`;
      if (!this.announced.has(key)) {
        this.announced.add(key);
        this.onReady({ ...status, ready: true, challenger: status.challenger, version: config.version });
      }
    }
    return status;
  }
}
