// The module piscina loads in each thread of a workerModel, in place of the model module: it
// lowers the thread's scheduling priority for `priority: 'low'`, then loads the model module once and hands
// piscina the model function. Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { workerData } from 'node:worker_threads';
import { loadModel } from './load-model.mjs';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName, low } = workerData.modelroute;
if (low) lowerThreadPriority();
export default await loadModel(href, exportName);
