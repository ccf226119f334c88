import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { UNATTRIBUTED_REASONS, type ExperimentCounts } from '../vocabulary/experiment-counts.js';
import { ATTR } from './instruments.js';
import type { OtelInstruments } from './otel-instruments.js';

interface Point {
  readonly instrument: Observable;
  readonly attributes: Attributes;
  value: number;
}

/**
 * Writes the experiment counts of one route's routers into the observable instruments, at collection
 * time, for the routers that have (had) an experiment. Every series is reported from zero (Prometheus' `increase()` needs a sample before the first
 * change). When two routers serve the route on one meter, their counts are added, so that each series has
 * one value; a closed router's counts stay in, so counters never go down.
 */
export function observeExperiments(
  result: BatchObservableResult,
  instruments: OtelInstruments,
  route: string,
  experiments: Iterable<ExperimentCounts>,
): void {
  const points = new Map<string, Point>();
  const add = (instrument: Observable, key: string, attributes: () => Attributes, value: number): void => {
    const point = points.get(key);
    if (point === undefined) points.set(key, { instrument, attributes: attributes(), value });
    else point.value += value;
  };
  const { experimentExposures, experimentFailovers, experimentOutcomes, experimentValues, experimentSquares } =
    instruments;
  for (const experiment of experiments) {
    // A router whose documents never had an experiment (and whose track() was never called) adds no series.
    const versions = [...experiment.versions()];
    if (versions.length === 0 && !Array.prototype.some.call(experiment.unattributed, (n: number) => n > 0)) continue;
    UNATTRIBUTED_REASONS.forEach((reason, i) =>
      add(
        instruments.experimentUnattributed,
        `u\0${reason}`,
        () => ({ [ATTR.route]: route, [ATTR.unattributedReason]: reason }),
        experiment.unattributed[i]!,
      ),
    );
    for (const v of versions) {
      v.variants.forEach((variant, i) => {
        const base = (): Attributes => ({ [ATTR.route]: route, [ATTR.variant]: variant, [ATTR.version]: v.version });
        const key = `${v.version}\0${variant}`;
        add(experimentExposures, `e\0${key}`, base, v.exposures[i]!);
        add(experimentFailovers, `f\0${key}`, base, v.failovers[i]!);
        v.metricNames.forEach((metric, m) => {
          const s = v.summaries[m]![i]!;
          const at = (): Attributes => ({ ...base(), [ATTR.metric]: metric });
          const signed = (sign: string) => (): Attributes => ({ ...at(), [ATTR.sign]: sign });
          add(experimentOutcomes, `o\0${key}\0${metric}`, at, s.n);
          add(experimentValues, `p\0${key}\0${metric}`, signed('positive'), s.positive);
          add(experimentValues, `n\0${key}\0${metric}`, signed('negative'), s.negative);
          add(experimentSquares, `s\0${key}\0${metric}`, at, s.squares);
        });
      });
    }
  }
  for (const point of points.values()) result.observe(point.instrument, point.value, point.attributes);
}
