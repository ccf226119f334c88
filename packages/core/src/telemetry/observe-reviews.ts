import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import { REVIEW_TRIGGERS, type ReviewCounts } from '../vocabulary/review-counts.js';
import { ATTR } from './instruments.js';
import type { OtelInstruments } from './otel-instruments.js';

/**
 * Writes the review counts of one route's routers into the observable instruments at collection time:
 * signals by variant and trigger (from zero, once a router raised any), and the output bins of the version
 * in force. Two routers of one route on one meter add up, so each series has one value.
 */
export function observeReviews(
  result: BatchObservableResult,
  instruments: OtelInstruments,
  route: string,
  reviews: Iterable<ReviewCounts>,
): void {
  const points = new Map<string, { attributes: Attributes; value: number; signal: boolean }>();
  const add = (key: string, attributes: () => Attributes, value: number, signal: boolean): void => {
    const point = points.get(key);
    if (point === undefined) points.set(key, { attributes: attributes(), value, signal });
    else point.value += value;
  };
  for (const review of reviews) {
    for (const [variant, counts] of review.signals())
      REVIEW_TRIGGERS.forEach((trigger, i) =>
        add(
          `s\0${variant}\0${trigger}`,
          () => ({ [ATTR.route]: route, [ATTR.variant]: variant, [ATTR.reviewTrigger]: trigger }),
          counts[i]!,
          true,
        ),
      );
    const bins = review.bins();
    if (bins === undefined) continue;
    for (const [variant, counts] of bins.variants)
      for (let bin = 0; bin < counts.length; bin++)
        add(
          `b\0${bins.version}\0${variant}\0${bin}`,
          () => ({
            [ATTR.route]: route,
            [ATTR.variant]: variant,
            [ATTR.version]: bins.version,
            [ATTR.reviewBin]: String(bin),
          }),
          counts[bin]!,
          false,
        );
  }
  for (const point of points.values())
    result.observe(point.signal ? instruments.reviewSignals : instruments.reviewOutputs, point.value, point.attributes);
}
