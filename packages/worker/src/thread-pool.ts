import { fileURLToPath } from 'node:url';
import { type Transferable, Worker } from 'node:worker_threads';
import { ModelrouteError } from '@modelroute/core';
import type { CallSignal } from './call-signal.js';

/** What workerModel asks of its pool. */
export interface ThreadPool {
  /** Runs one call on a free thread, or queues it; `signal`'s abort terminates the thread running it. */
  run(input: unknown, options: { signal?: CallSignal; transferList?: readonly Transferable[] }): Promise<unknown>;
  /** Waits for running and queued calls up to `closeTimeoutMs`, then terminates the threads. */
  close(): Promise<void>;
}

/** What a {@link WorkerThreadPool} needs to know. */
export interface WorkerThreadPoolOptions {
  /** The model module's `file:` URL. */
  readonly href: string;
  readonly exportName: string;
  readonly threads: number;
  /** Lower the threads' scheduling priority (`priority: 'low'`). */
  readonly low: boolean;
  readonly closeTimeoutMs: number;
  /** Names the pool in errors and warnings. */
  readonly label: string;
  readonly warn: (message: string) => void;
}

interface Call {
  readonly id: number;
  readonly input: unknown;
  readonly transferList: readonly Transferable[] | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Thread {
  readonly worker: Worker;
  /** The call this thread runs; a thread takes one call at a time, the others wait in the pool's queue. */
  call: Call | undefined;
  /** Terminated by the pool (a timeout, close): its exit is expected and its replacement already made. */
  retired: boolean;
  /**
   * Written by the thread: [0] the id (& 0x7fffffff) of the last call it took, [1] 1 once the model module
   * has loaded (a thread that ends before that failed to load it).
   */
  readonly cells: Int32Array;
}

/** A thread's answer: `[id, true, output]` or `[id, false, error]`. */
type Reply = [id: number, ok: boolean, value: unknown];

const BOOT = fileURLToPath(new URL('./worker-boot.cjs', import.meta.url));

/**
 * The pool of a workerModel: one worker thread per slot, each running one call at a time; a FIFO queue for the
 * rest (its bound is workerModel's). A call is posted to the thread's own port (`worker.postMessage`), which
 * wakes the thread's event loop; the answer comes back the same way. Of the ways measured to reach a thread,
 * this one costs the caller's thread least per call (bench/RESULTS.md, "Seventh pass": about 50–100 µs
 * against 150–340 µs for piscina's run(), whose threads sleep in Atomics.wait behind a MessageChannel).
 *
 * An aborted call terminates its thread and a new one takes the slot; a thread that exits rejects the call it
 * was running, or, if it ended before it took its call, hands that call to the next thread; `close()` waits
 * for calls up to `closeTimeoutMs`, then terminates the threads.
 */
export class WorkerThreadPool implements ThreadPool {
  private readonly threads: Array<Thread | undefined>;
  private readonly queue: Call[] = [];
  private nextId = 0;
  private closing = false;
  private drained: (() => void) | undefined;

  constructor(private readonly o: WorkerThreadPoolOptions) {
    this.threads = Array.from({ length: o.threads }, () => this.start());
  }

  run(input: unknown, options: { signal?: CallSignal; transferList?: readonly Transferable[] } = {}): Promise<unknown> {
    if (this.closing)
      return Promise.reject(new ModelrouteError('model_closed', `${this.o.label} is closed; create a new one`));
    return new Promise((resolve, reject) => {
      const call: Call = { id: this.nextId++, input, transferList: options.transferList, resolve, reject };
      options.signal?.once('abort', () => this.abort(call));
      const free = this.freeThread();
      if (free === undefined) this.queue.push(call);
      else this.dispatch(free, call);
    });
  }

  /** Waits for running and queued calls up to `closeTimeoutMs`, then terminates the threads; what is left rejects with `model_closed`. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.busy()) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        timer = setTimeout(resolve, this.o.closeTimeoutMs);
      });
      clearTimeout(timer);
    }
    const closed = new ModelrouteError('model_closed', `${this.o.label} was closed before the call finished`);
    for (const call of this.queue.splice(0)) call.reject(closed);
    await Promise.all(
      this.threads.map(async (thread) => {
        if (thread === undefined) return;
        thread.retired = true;
        thread.call?.reject(closed);
        thread.call = undefined;
        await thread.worker.terminate();
      }),
    );
  }

  private start(): Thread {
    const cells = new Int32Array(new SharedArrayBuffer(8));
    // A CommonJS boot file, so that the thread inherits every Node option of the process unchanged (an explicit
    // execArgv is checked more strictly, and `--input-type`, given for a program passed with -e, makes Node
    // refuse an ES module as a thread's file).
    const worker = new Worker(BOOT, {
      workerData: { modelroute: { href: this.o.href, exportName: this.o.exportName, low: this.o.low, cells } },
    });
    const thread: Thread = { worker, cells, call: undefined, retired: false };
    worker.on('message', (reply: Reply) => this.answered(thread, reply));
    // An idle thread does not keep the process alive: a pool a program forgot to close lets it exit.
    worker.unref();
    let failure: unknown;
    worker.on('error', (error) => {
      failure = error;
    });
    // Node delivers the messages a thread posted before its 'exit' event: an answer sent just before the
    // thread ended counts.
    worker.on('exit', (code) => this.exited(thread, code, failure));
    return thread;
  }

  private freeThread(): Thread | undefined {
    for (let i = 0; i < this.threads.length; i++) {
      let thread = this.threads[i];
      // A slot left empty by a thread that could not load the model: try again now that a call wants it.
      if (thread === undefined && !this.closing) this.threads[i] = thread = this.start();
      if (thread !== undefined && thread.call === undefined && !thread.retired) return thread;
    }
    return undefined;
  }

  private dispatch(thread: Thread, call: Call): void {
    thread.call = call;
    // A running call keeps the process alive until it settles: by its answer or by the thread's end.
    thread.worker.ref();
    try {
      thread.worker.postMessage([call.id, call.input], call.transferList);
    } catch (error) {
      // The input cannot be copied (a function, a symbol...): the call fails, the thread stays free.
      this.settled(thread);
      call.reject(error);
    }
  }

  private answered(thread: Thread, [id, ok, value]: Reply): void {
    const call = thread.call;
    if (call === undefined || call.id !== id) return; // a call already aborted
    this.settled(thread);
    if (ok) call.resolve(value);
    else call.reject(value);
  }

  /** The thread's call ended: the thread takes the next queued call, or waits. */
  private settled(thread: Thread): void {
    thread.call = undefined;
    const next = thread.retired ? undefined : this.queue.shift();
    if (next !== undefined) this.dispatch(thread, next);
    else thread.worker.unref();
    if (this.drained !== undefined && !this.busy()) this.drained();
  }

  private abort(call: Call): void {
    const queued = this.queue.indexOf(call);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const index = this.threads.findIndex((t) => t?.call === call);
      const thread = this.threads[index];
      if (thread === undefined) return; // answered already
      // The only way to stop a call that does not return: end its thread, and start another in its place.
      thread.retired = true;
      thread.call = undefined;
      void thread.worker.terminate();
      if (!this.closing) {
        const fresh = this.start();
        this.threads[index] = fresh;
        const next = this.queue.shift();
        if (next !== undefined) this.dispatch(fresh, next);
      }
    }
    call.reject(new ModelrouteError('model_timeout', `${this.o.label}: the call was aborted`));
    if (this.drained !== undefined && !this.busy()) this.drained();
  }

  /** A thread ended on its own: its call fails with the reason, and a new thread takes its place. */
  private exited(thread: Thread, code: number, failure: unknown): void {
    if (thread.retired) return;
    thread.retired = true; // no queued call goes to it now
    const index = this.threads.indexOf(thread);
    const loaded = Atomics.load(thread.cells, 1) === 1;
    const reason = failure ?? new Error(`${this.o.label}: its worker thread exited with code: ${code}`);
    const call = thread.call;
    thread.call = undefined;
    if (call !== undefined && loaded && Atomics.load(thread.cells, 0) !== (call.id & 0x7fffffff)) {
      // The thread ended between two calls (a stray rejection, a timer of the model's): the call it had not
      // taken yet did not fail, so it goes first to the next thread.
      this.queue.unshift(call);
      this.o.warn(`a worker thread ended between calls: ${describe(reason)}`);
    } else if (call !== undefined) call.reject(reason);
    else this.o.warn(`a worker thread ended between calls: ${describe(reason)}`);
    if (!loaded) {
      // The thread ended before it loaded the model: starting it again at once would end the same way, in a
      // loop. The waiting calls fail with the reason; the next call tries a new thread.
      this.threads[index] = undefined;
      for (const waiting of this.queue.splice(0)) waiting.reject(reason);
    } else if (!this.closing || this.queue.length > 0) {
      const fresh = this.start();
      this.threads[index] = fresh;
      const next = this.queue.shift();
      if (next !== undefined) this.dispatch(fresh, next);
    } else this.threads[index] = undefined;
    if (this.drained !== undefined && !this.busy()) this.drained();
  }

  private busy(): boolean {
    return this.queue.length > 0 || this.threads.some((t) => t?.call !== undefined);
  }
}

/** The message of a thrown value, never throwing itself. */
function describe(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return 'an error that could not be read';
  }
}
