// Lowers the scheduling priority of the calling thread (a worker thread of a `priority: 'low'` pool).
// Plain JavaScript, so that the same file runs from src/ (tests) and dist/ (the package).
import { execFileSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

const CHRT = ['/usr/bin/chrt', '/bin/chrt'].find((path) => existsSync(path));

/**
 * Linux: /proc/thread-self names this thread's id, and a thread's nice value and scheduling policy are its own
 * (the caller's thread keeps its priority). Two steps, each skipped where it cannot be done:
 * - nice 19, the lowest priority of the normal policy;
 * - the SCHED_IDLE policy (util-linux's chrt: Node has no call for sched_setscheduler). A thread of the normal
 *   policy that wakes on a CPU where an idle-policy thread runs takes the CPU at once, where a nice-19 thread may
 *   first finish its slice (1.4 ms on the development machine's kernel), and the caller's event loop would wait.
 * Elsewhere, or when not permitted, the thread keeps the process's priority.
 */
export function lowerThreadPriority() {
  let tid;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // no /proc: not Linux
  }
  if (!(Number.isInteger(tid) && tid > 0)) return;
  try {
    setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // not permitted: the thread keeps its nice value
  }
  if (CHRT === undefined) return;
  try {
    execFileSync(CHRT, ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
  } catch {
    // not permitted, or chrt failed: the thread keeps the normal policy at nice 19
  }
}
