// @modelroute/core/source-kit: what a custom rollout source needs (a flag service, a config store):
// the source contract, the start-on-first-subscribe skeleton and the fan-out to subscribers.
// See the README's "Entry points", and @modelroute/launchdarkly and @modelroute/openfeature for two real ones.

export type {
  RolloutSource,
  SourceUpdate,
  SourceListener,
  SourceSubscription,
  DelegateAssigner,
} from './sources/source.js';
export { lazySource, type LazySource, type LazySourceOptions } from './sources/lazy-source.js';
export { updateFanout, type UpdateFanout } from './sources/update-fanout.js';
export {
  validateRolloutDocument,
  validateRouteDocument,
  parseJson,
  type ValidationResult,
} from './rollout/validate.js';
export { ModelrouteError, isModelrouteError, type ModelrouteErrorCode } from './errors/modelroute-error.js';
