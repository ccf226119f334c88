import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../../packages/worker/src/thread-priority.mjs';
import burn from '../models/burn.mjs';
lowerThreadPriority();
parentPort.on('message', (inputs) => { const out = []; for (const x of inputs) out.push(burn(x)); parentPort.postMessage(out); });
