// The hand-written equivalent of the router's telemetry, as users write it: the variant from a flag
// lookup, then counter.add and histogram.record with attribute objects built per call.
import { DURATION_BUCKETS_S } from '@modelroute/core';

/**
 * `choose(unit)` gives the variant (a string, or a promise of one from an async flag SDK); `call(variant, i)`
 * calls the model (wrapped in a breaker, or not). Returns `(i, unit) => Promise<output>`.
 */
export function handWrittenCall(meter, route, choose, call) {
  const counter = meter.createCounter('app.model.calls');
  const histogram = meter.createHistogram('app.model.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
  });
  return async (i, unit) => {
    const chosen = choose(unit);
    const variant = typeof chosen === 'string' ? chosen : await chosen;
    const attributes = { 'feature_flag.key': route, 'feature_flag.result.variant': variant };
    counter.add(1, attributes);
    const start = performance.now();
    let outcome = 'ok';
    try {
      return await call(variant, i);
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      histogram.record((performance.now() - start) / 1000, {
        ...attributes,
        'modelroute.prediction.role': 'primary',
        'modelroute.prediction.outcome': outcome,
      });
    }
  };
}
