// Lowers the scheduling priority of the calling thread (a worker thread of a `priority: 'low'` pool).
// Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Linux: /proc/thread-self names this thread's id, and a thread's nice value is its own (the caller's thread
 * keeps its priority). Elsewhere, or when not permitted, the thread keeps the process's priority.
 */
export function lowerThreadPriority() {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // no /proc (not Linux), or not permitted: the thread runs at normal priority
  }
}
