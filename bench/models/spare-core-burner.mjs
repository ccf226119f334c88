// A thread that has nothing to do with modelroute: while `flag[0]` is 1 it burns 2 ms of CPU in every 3.3 ms
// (about the share of a core the bench's one-thread pool keeps busy), at the lowest priority, like the pool's
// threads. bench/worker.bench.mjs runs it during one scenario with shadows off: what keeping the spare core
// busy costs the caller's thread on this machine, whatever crosses to it (the floor under any pool).
import { workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../../packages/worker/src/thread-priority.mjs';

const flag = workerData;
lowerThreadPriority();
for (;;) {
  if (Atomics.load(flag, 0) === 1) {
    const end = performance.now() + 2;
    while (performance.now() < end);
    Atomics.wait(flag, 1, 0, 1.3);
  } else Atomics.wait(flag, 0, 0, 50);
}
