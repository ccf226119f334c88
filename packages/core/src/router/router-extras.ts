// The router's experiment, review and gate machinery (with @modelroute/stats underneath): about a third of
// core's code, so it is not part of what `import '@modelroute/core'` compiles. createRouter loads this
// module once (loadRouterExtras) and hands the classes to the router, which stays synchronous after that
// (bench/footprint.bench.mjs).

export { ExperimentTracker } from '../experiment/experiment-tracker.js';
export { GateRunner } from '../gate/gate-runner.js';
export { ReviewRunner } from '../review/review-runner.js';
