// The module piscina loads in each thread of a workerModel, in place of the model module: it lowers the
// thread's scheduling priority for `priority: 'low'`, then loads the model module once and hands piscina the
// model function. Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './thread-priority.mjs';

const { href, exportName, low } = workerData.modelroute;
if (low) lowerThreadPriority();
export default await loadModel(href, exportName);

/**
 * Imports `href` and returns a function that calls its export `exportName`. A module that fails to load (a throw
 * or a process.exit at import, no such export, an export that is not a function) gives a function that rejects
 * every call with that reason: each call fails at once with the model's own error, and no thread is started again
 * and again.
 * A model that throws `null` or `undefined` rejects with an Error that says so (a bare `null` would cross to the
 * caller's thread as an answer).
 */
async function loadModel(href, exportName) {
  let model;
  // A module that calls process.exit while it loads would end the thread before any call could say why (and
  // piscina would then leave the next call waiting): while it loads, process.exit throws instead.
  const exit = process.exit;
  process.exit = (code) => {
    throw new Error(`${href} called process.exit(${code ?? ''}) while it was imported`);
  };
  try {
    model = (await import(href))[exportName];
  } catch (error) {
    const failed = error ?? new Error(`${href} threw ${String(error)} when it was imported`);
    return async () => {
      throw failed;
    };
  } finally {
    process.exit = exit;
  }
  if (typeof model !== 'function') {
    const missing = new TypeError(
      `${href} has no function export named '${exportName}' (got ${typeof model}); export the model function, or pass its name as exportName`,
    );
    return async () => {
      throw missing;
    };
  }
  return async (input) => {
    try {
      return await model(input);
    } catch (error) {
      throw error ?? new Error(`the model threw ${String(error)}`);
    }
  };
}
