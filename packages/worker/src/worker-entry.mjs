// The module piscina loads in each thread of a workerModel with `priority: 'low'`, in place of the model
// module: it lowers the thread's scheduling priority, then imports the model module once and hands piscina
// the model function. Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName } = workerData.modelroute;
lowerThreadPriority();
const model = await import(href);
export default model[exportName];
