export { workerModel, type WorkerModel } from './worker-model.js';
export type { WorkerModelOptions } from './worker-model-options.js';
export { move } from 'piscina';
