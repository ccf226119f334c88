// The module piscina loads in each thread of a workerModel with `priority: 'low'`, in place of the model
// module: it lowers the thread's scheduling priority, then imports the model module once and hands piscina
// the model function. Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';

const { href, exportName } = workerData.modelroute;

// Linux: /proc/thread-self names this thread's id, and a thread's nice value is its own (the caller's thread
// keeps its priority). Elsewhere the thread keeps the process's priority.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
} catch {
  // no /proc (not Linux), or not permitted: the thread runs at normal priority
}

const model = await import(href);
export default model[exportName];
