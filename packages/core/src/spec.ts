// @modelroute/core/spec: the primitives of the published specifications, for implementations in other
// languages, conformance tests and tools: sticky assignment (spec/HASH-SPEC.md, its test vectors in
// '@modelroute/core/hash-test-vectors.json') and the guard's defaults (docs/guard.md).

export { loadHasher, type Hash32 } from './assignment/hasher.js';
export {
  HASH_SPEC_VERSION,
  fmix32,
  buildAssignmentTable,
  assignIndex,
  randomIndex,
  type AssignmentTable,
} from './assignment/weighted-rendezvous.js';
export { createAssigner, type Assigner } from './assignment/assigner.js';
export {
  GUARD_DEFAULTS,
  resolveGuardConfig,
  type ResolvedGuardConfig,
  type GuardRecovery,
} from './guard/guard-config.js';
export { QUANTILE_RELATIVE_ERROR } from './guard/latency-histogram.js';
