export { workerModel, type WorkerModel } from './worker-model.js';
export type { WorkerModelOptions, WorkerPriority } from './worker-model-options.js';
export { move, type Movable } from './move.js';
