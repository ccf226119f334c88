import type { Clock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { ExperimentConfig } from '../rollout/experiment-schema.js';
import {
  UNATTRIBUTED_REASONS,
  type ExperimentCounts,
  type UnattributedReason,
} from '../vocabulary/experiment-counts.js';
import type { Analysis } from './analysis.js';
import { analyzeExperiment } from './analyze-experiment.js';
import type { ExperimentOptions } from './experiment-options.js';
import { ExposureTable, unitKey } from './exposure-table.js';
import { VersionSummary } from './version-summary.js';
import { processWarning, type WarningHandler } from '../vocabulary/warning.js';

/**
 * The largest magnitude a mean metric takes: its square (1e200) leaves Σx² and the variance room for any
 * number of values; a value near 1e154 would square to Infinity and break the analysis and the exported sums.
 */
const MAX_TRACKED = 1e100;

/** What `router.track()` did with an outcome: `'attributed'`, or why it was not. */
export type TrackResult = 'attributed' | UnattributedReason;

/** The part of a decision that attributes an outcome without the exposure table (see `TrackOptions.decision`). */
export interface ExposedDecision {
  readonly assigned: string;
  readonly configVersion: string | undefined;
  readonly reason: string;
}

/** Whose outcome `router.track()` records: a unit, or the decision of the call (from `predictDetailed`). */
export interface TrackOptions {
  /** The unit the call was made for: its latest exposure says which variant and version get the value. */
  unit?: string;
  /** The call's decision: its assigned variant and version get the value, with no table lookup (and no attribution window). */
  decision?: ExposedDecision;
}

/** Called with a unit's first exposure under a version (the router writes it to the exposure sinks). */
export type FirstExposure = (unit: string, variant: string, version: string) => void;

/** A document as the experiment needs it. */
export interface ExperimentDocument {
  readonly version: string;
  readonly champion: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly experiment: ExperimentConfig | undefined;
}

const REASON_INDEX = Object.fromEntries(UNATTRIBUTED_REASONS.map((r, i) => [r, i])) as Record<
  UnattributedReason,
  number
>;

/**
 * A router's experiment: exposures (a bounded table of unit → assigned variant and version), outcomes
 * attributed through it into per version × variant × metric summaries, and the analysis of the version in
 * force. The call path costs a map lookup per call with a unit; `track` a lookup and a summary update.
 */
export class ExperimentTracker implements ExperimentCounts {
  /** The summary of the document in force, or undefined when it has no experiment. */
  private current: VersionSummary | undefined;
  private readonly kept = new Map<string, VersionSummary>();
  private readonly table: ExposureTable<VersionSummary>;
  private readonly windowMs: number;
  private readonly keepVersions: number;
  private readonly strict: boolean;
  private readonly warned = new Set<string>();
  readonly unattributed = new Float64Array(UNATTRIBUTED_REASONS.length);
  /** Called with every attributed outcome (the router feeds the gate's rolling window with it). */
  onAttributed: ((metric: string, variant: string, value: number) => void) | undefined;

  constructor(
    readonly route: string,
    private readonly clock: Clock,
    options: ExperimentOptions = {},
    /** Called on each first exposure; only when there are exposure sinks. */
    private readonly onFirstExposure?: FirstExposure,
    /** Where bad outcomes are reported, once per kind. Default: `process.emitWarning`. */
    private readonly onWarning: WarningHandler = processWarning,
  ) {
    this.table = new ExposureTable(options.maxUnits ?? 100_000);
    this.windowMs = options.attributionWindowMs ?? 86_400_000;
    this.keepVersions = options.keepVersions ?? 8;
    this.strict = options.onInvalidOutcome === 'throw';
  }

  /** A document was applied: its experiment (if any) becomes the one exposures and analysis use. */
  prepare(doc: ExperimentDocument): void {
    if (doc.experiment === undefined) {
      this.current = undefined;
      return;
    }
    const { metrics, alpha, power } = doc.experiment;
    const spec = {
      route: this.route,
      version: doc.version,
      champion: doc.champion,
      weights: doc.weights,
      alpha,
      power,
      metrics,
    };
    const known = this.kept.get(doc.version);
    if (known !== undefined && JSON.stringify(known.spec) === JSON.stringify(spec)) {
      this.current = known;
      return;
    }
    const summary = new VersionSummary(spec, this.windowMs, this.table.maxUnits);
    this.kept.delete(doc.version);
    this.kept.set(doc.version, summary);
    for (const version of this.kept.keys()) {
      if (this.kept.size <= this.keepVersions) break;
      this.kept.delete(version);
    }
    this.current = summary;
  }

  /**
   * The call path: a call for `unit` was decided. Its assigned variant (weights, also when the guard
   * redirected it: intention to treat) is the unit's exposure; overrides, delegates and calls without a
   * unit are not part of the experiment. Never throws.
   */
  expose(unit: string | undefined, decision: ExposedDecision, now: number): void {
    const v = this.current;
    if (v === undefined || unit === undefined || decision.configVersion !== v.version) return;
    const redirected = decision.reason === 'guard';
    if (!redirected && decision.reason !== 'weighted') return;
    const key = unitKey(unit);
    const entry = this.table.get(key);
    // The steady state, a unit exposed before under this version: one lookup and one write.
    if (entry !== undefined && entry.version === v) {
      entry.time = now;
      if (redirected) v.failovers[entry.variant]!++;
      return;
    }
    const i = v.variantIndex.get(decision.assigned);
    if (i === undefined) return;
    if (redirected) v.failovers[i]!++;
    this.table.expose(key, entry, v, i, now);
    // A unit the table forgot, or one back under a version it was counted in before, is not counted again:
    // counting visits would overdisperse the counts and fail the sample ratio check of a healthy split.
    if (!v.counted.add(key)) return;
    v.exposures[i]!++;
    this.onFirstExposure?.(unit, decision.assigned, v.version);
  }

  /** A call of the experiment's variant failed over to another model: counted beside the exposures. */
  failedOver(decision: ExposedDecision): void {
    const v = this.current;
    if (v === undefined || decision.configVersion !== v.version || decision.reason !== 'weighted') return;
    const i = v.variantIndex.get(decision.assigned);
    if (i !== undefined) v.failovers[i]!++;
  }

  /** Attributes one outcome (see `Router.track`). */
  track(metric: string, value: number, options: TrackOptions | undefined): TrackResult {
    let v: VersionSummary | undefined;
    let variant: number | undefined;
    let exposedAt = 0;
    const decision = options?.decision;
    if (decision !== undefined) {
      // An override, a delegate's answer or a call without a unit was no exposure: its outcome is none either.
      if (decision.reason !== 'weighted' && decision.reason !== 'guard') return this.unattribute('unexposed');
      v = decision.configVersion === undefined ? undefined : this.kept.get(decision.configVersion);
      if (v === undefined) return this.unattribute(decision.configVersion === undefined ? 'no_experiment' : 'expired');
      variant = v.variantIndex.get(decision.assigned);
      if (variant === undefined) return this.unattribute('unexposed');
    } else {
      const unit = options?.unit;
      const exposure = unit === undefined ? undefined : this.table.get(unitKey(unit));
      if (exposure === undefined) return this.unattribute(this.current === undefined ? 'no_experiment' : 'unexposed');
      v = exposure.version;
      // A version no longer kept (keepVersions newer ones since): its summary is gone, so nothing to add to.
      if (v !== this.current && this.kept.get(v.version) !== v) return this.unattribute('expired');
      variant = exposure.variant;
      exposedAt = exposure.time;
    }
    const m = v.metricNames.indexOf(metric); // a few names: faster than a Map
    if (m < 0) return this.reject('unknown_metric', metric, value);
    const proportion = v.spec.metrics[m]!.kind === 'proportion';
    if (typeof value !== 'number' || (proportion ? value !== 0 && value !== 1 : !(Math.abs(value) <= MAX_TRACKED)))
      return this.reject('invalid_value', metric, value);
    if (decision === undefined && this.clock.now() - exposedAt > v.windows[m]!) return this.unattribute('expired');
    v.summaries[m]![variant]!.add(value);
    this.onAttributed?.(metric, v.variants[variant]!, value);
    return 'attributed';
  }

  /** The analysis of the document in force (or of a kept `version`); undefined without an experiment. */
  analysis(version?: string): Analysis | undefined {
    const v = version === undefined ? this.current : this.kept.get(version);
    return v === undefined ? undefined : analyzeExperiment(v.figures());
  }

  /** The summary of the document in force (or of a kept `version`), to merge or inspect. */
  summary(version?: string): VersionSummary | undefined {
    return version === undefined ? this.current : this.kept.get(version);
  }

  versions(): Iterable<VersionSummary> {
    return this.kept.values();
  }

  private unattribute(reason: UnattributedReason): TrackResult {
    this.unattributed[REASON_INDEX[reason]]!++;
    return reason;
  }

  private reject(reason: 'unknown_metric' | 'invalid_value', metric: string, value: unknown): TrackResult {
    const message =
      reason === 'unknown_metric'
        ? `track("${metric}"): the experiment of route "${this.route}" has no metric "${metric}"; add it to the document's experiment.metrics or fix the name`
        : `track("${metric}", ${String(value)}): not a valid value for this metric (a proportion takes 0 or 1, a mean a finite number of magnitude at most 1e100)`;
    if (this.strict) throw new ModelrouteError('invalid_outcome', message);
    this.warnOnce(reason, `${message}; such outcomes are counted and left out of the analysis`);
    return this.unattribute(reason);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.onWarning({ code: 'MODELROUTE_INVALID_OUTCOME', message: `modelroute: ${message}` });
  }
}
