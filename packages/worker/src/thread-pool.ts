import { fileURLToPath } from 'node:url';
import { type Transferable, Worker } from 'node:worker_threads';
import { type GuardTimer, ModelrouteError } from '@modelroute/core';
import { callTag, describe, isDetached, READY, REPLY, UNRECEIVED } from './thread-protocol.mjs';

/** What workerModel asks of its pool. */
export interface ThreadPool {
  /** Runs one call on a free thread, or queues it until one is free (its bound is workerModel's). */
  run(input: unknown, transferList: readonly Transferable[] | undefined): Promise<unknown>;
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
  /** A call still running this long after its thread took it is ended with its thread; 0: no limit. */
  readonly timeoutMs: number;
  /** A thread that has not loaded the model module this long after it started is terminated; 0: no limit. */
  readonly loadTimeoutMs: number;
  readonly timer: GuardTimer;
  /** The rejection of a call past `timeoutMs`. */
  readonly timeoutError: () => Error;
  /** The rejection of calls that waited for a thread past `loadTimeoutMs`. */
  readonly loadTimeoutError: () => Error;
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
  /** Cancels the `timeoutMs` timer, started when a thread takes the call. */
  cancel?: () => void;
  /** Handed to another thread once already, after a thread ended before it took the call. */
  handedOn?: boolean;
}

interface Thread {
  readonly worker: Worker;
  /** The call this thread runs; a thread takes one call at a time, the others wait in the pool's queue. */
  call: Call | undefined;
  /** The model module has loaded: the thread takes calls. */
  ready: boolean;
  /** It answered a call (a thread that ends before it ever did is not started again in a loop). */
  answered: boolean;
  /** Terminated by the pool (a timeout, close): its exit is expected and its slot already taken care of. */
  retired: boolean;
  /** Written by the thread: the tag of the last call it took ({@link callTag}). */
  readonly taken: Int32Array;
  /** Cancels the `loadTimeoutMs` timer. */
  cancelLoad?: () => void;
  /** The thread keeps the process alive (`worker.ref()`): it runs a call, or loads while calls wait. */
  held: boolean;
}

/** What a thread posts (thread-protocol.mjs); anything else is the model's own message, and ignored. */
type Reply = [mark: typeof REPLY, id: number, ok: boolean, value: unknown];

const BOOT = fileURLToPath(new URL('./worker-boot.cjs', import.meta.url));

/**
 * The pool of a workerModel: one worker thread per slot, each running one call at a time, and a FIFO queue
 * for the rest. A call is posted to the thread's own port (`worker.postMessage`), which wakes the thread's
 * event loop; the answer comes back the same way. Of the ways measured to reach a thread, this one costs the
 * caller's thread least per call (bench/RESULTS.md, "Seventh pass": about 40 µs against 84 µs for piscina's
 * run(), whose threads sleep in Atomics.wait behind a MessageChannel).
 *
 * A thread takes calls once the model module has loaded, and a call's `timeoutMs` runs from then: a model
 * that loads slowly delays its first calls, it does not fail them. A call past `timeoutMs` terminates its
 * thread and a new one takes the slot. A thread that exits rejects the call it was running; if it ended before
 * it took its call, that call goes to the next thread (once). A thread that ends before it ever answered is not
 * started again until a call needs it, so a module that always fails does not restart in a loop. `close()`
 * waits for calls up to `closeTimeoutMs`, then terminates the threads.
 */
export class WorkerThreadPool implements ThreadPool {
  private readonly threads: Array<Thread | undefined>;
  private readonly queue: Call[] = [];
  private nextId = 1;
  private closing = false;
  private drained: (() => void) | undefined;

  constructor(private readonly o: WorkerThreadPoolOptions) {
    this.threads = Array.from({ length: o.threads }, () => this.start());
  }

  run(input: unknown, transferList: readonly Transferable[] | undefined): Promise<unknown> {
    if (this.closing)
      return Promise.reject(new ModelrouteError('model_closed', `${this.o.label} is closed; create a new one`));
    return new Promise((resolve, reject) => {
      const call: Call = { id: this.nextId++, input, transferList, resolve, reject };
      const free = this.freeThread();
      if (free !== undefined) {
        this.dispatch(free, call);
        return;
      }
      this.queue.push(call);
      this.refresh();
    });
  }

  /** Waits for running and queued calls up to `closeTimeoutMs`, then terminates the threads; what is left rejects with `model_closed`. */
  async close(): Promise<void> {
    this.closing = true;
    for (const thread of this.threads) thread?.cancelLoad?.();
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
    const terminated = Promise.all(
      this.threads.map(async (thread) => {
        if (thread === undefined) return;
        thread.retired = true;
        thread.call?.cancel?.();
        thread.call?.reject(closed);
        thread.call = undefined;
        this.hold(thread, false);
        await thread.worker.terminate();
      }),
    );
    // A thread blocked in native code (a synchronous child process, a native addon) stops only when that
    // code returns: close() does not wait for it longer than closeTimeoutMs more.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      terminated,
      new Promise<void>((resolve) => (grace = setTimeout(resolve, this.o.closeTimeoutMs))),
    ]);
    clearTimeout(grace);
  }

  private start(): Thread {
    const taken = new Int32Array(new SharedArrayBuffer(4));
    // A CommonJS boot file, so that the thread inherits every Node option of the process unchanged (an explicit
    // execArgv is checked more strictly, and `--input-type`, given for a program passed with -e, makes Node
    // refuse an ES module as a thread's file).
    const worker = new Worker(BOOT, {
      workerData: { modelroute: { href: this.o.href, exportName: this.o.exportName, low: this.o.low, taken } },
    });
    const thread: Thread = {
      worker,
      taken,
      call: undefined,
      ready: false,
      answered: false,
      retired: false,
      held: true,
    };
    if (this.o.loadTimeoutMs > 0)
      thread.cancelLoad = this.o.timer.timeout(() => this.loadTimedOut(thread), this.o.loadTimeoutMs);
    worker.on('message', (reply: unknown) => this.received(thread, reply));
    // A message of the model's own that cannot be read here (our answers' moved buffers are checked before
    // they are posted): not an answer, so no call ends with it.
    worker.on('messageerror', (error) =>
      this.warnOnce('messageerror', `a message the model posted itself could not be read: ${describe(error)}`),
    );
    // An idle thread does not keep the process alive (a pool a program forgot to close lets it exit); one that
    // calls wait for does (see refresh).
    this.hold(thread, this.queue.length > 0);
    let failure: unknown;
    worker.on('error', (error) => {
      failure = error;
    });
    // Node delivers the messages a thread posted before its 'exit' event: an answer sent just before the
    // thread ended counts.
    worker.on('exit', (code) => this.exited(thread, code, failure));
    return thread;
  }

  /** A thread that takes a call now; an empty slot (a thread that failed) gets a new thread, which takes calls once loaded. */
  private freeThread(): Thread | undefined {
    for (let i = 0; i < this.threads.length; i++) {
      let thread = this.threads[i];
      if (thread === undefined && !this.closing) this.threads[i] = thread = this.start();
      if (thread !== undefined && thread.ready && thread.call === undefined && !thread.retired) return thread;
    }
    return undefined;
  }

  /** Posts `call` to `thread`: false if its input cannot be posted (the call has failed, the thread stays free). */
  private dispatch(thread: Thread, call: Call): boolean {
    try {
      if (call.transferList?.some(isDetached))
        throw new TypeError(
          `${this.o.label}: a buffer in the call's transfer list is detached (it was moved before); pass a fresh buffer, or copy it`,
        );
      thread.worker.postMessage([call.id, call.input], call.transferList);
    } catch (error) {
      call.reject(error); // the input cannot be copied (a function, a symbol...)
      return false;
    }
    thread.call = call;
    // A running call keeps the process alive until it settles: by its answer or by the thread's end.
    this.hold(thread, true);
    if (this.o.timeoutMs > 0) call.cancel = this.o.timer.timeout(() => this.timedOut(thread, call), this.o.timeoutMs);
    return true;
  }

  /** A free thread takes queued calls until one is posted. A loop, not a recursion: thousands may fail to post. */
  private pump(thread: Thread): void {
    while (thread.ready && !thread.retired && thread.call === undefined) {
      const next = this.queue.shift();
      if (next === undefined) break;
      this.dispatch(thread, next);
    }
    this.refresh();
    this.checkDrained();
  }

  /** Every free thread takes queued calls (a call handed on goes to a thread that is free now, not to the one being started). */
  private pumpAll(): void {
    for (const thread of this.threads) if (thread !== undefined) this.pump(thread);
  }

  /** A thread keeps the process alive while it runs a call, or while calls wait and it is loading. */
  private refresh(): void {
    const waiting = this.queue.length > 0;
    for (const thread of this.threads)
      if (thread !== undefined && !thread.retired)
        this.hold(thread, thread.call !== undefined || (waiting && !thread.ready));
  }

  private hold(thread: Thread, on: boolean): void {
    if (thread.held === on) return;
    thread.held = on;
    if (on) thread.worker.ref();
    else thread.worker.unref();
  }

  private received(thread: Thread, reply: unknown): void {
    if (!Array.isArray(reply) || reply[0] !== REPLY) return; // a message of the model's own
    const [, id, ok, value] = reply as Reply;
    if (id === READY) {
      thread.ready = true;
      thread.cancelLoad?.();
      this.pump(thread);
    } else if (id === UNRECEIVED || id === thread.call?.id) this.finish(thread, ok, value);
  }

  /** The thread's call ended (answered, or failed to cross): settle it; the thread takes the next one. */
  private finish(thread: Thread, ok: boolean, value: unknown): void {
    const call = thread.call;
    if (call === undefined || thread.retired) return; // a call already ended (a timeout)
    thread.call = undefined;
    thread.answered = true;
    call.cancel?.();
    if (ok) call.resolve(value);
    else call.reject(value);
    this.pump(thread);
  }

  private timedOut(thread: Thread, call: Call): void {
    if (thread.call !== call || thread.retired) return; // answered already
    // The only way to stop a call that does not return: end its thread, and start another in its place.
    thread.retired = true;
    thread.call = undefined;
    void thread.worker.terminate();
    call.reject(this.o.timeoutError());
    this.replace(thread, true);
  }

  /** A thread still loading past `loadTimeoutMs`: ended; calls with no other thread to wait for fail. */
  private loadTimedOut(thread: Thread): void {
    if (thread.ready || thread.retired) return;
    thread.retired = true;
    void thread.worker.terminate();
    this.o.warn(`a worker thread did not load the model module within loadTimeoutMs (${this.o.loadTimeoutMs} ms)`);
    this.replace(thread, false); // the next call starts a new thread
    if (!this.anyAlive()) for (const waiting of this.queue.splice(0)) waiting.reject(this.o.loadTimeoutError());
    this.checkDrained();
  }

  /** A thread ended on its own: its call fails with the reason, or goes to the next thread if it never took it. */
  private exited(thread: Thread, code: number, failure: unknown): void {
    if (thread.retired) return;
    thread.retired = true; // no queued call goes to it now
    const reason = failure ?? new Error(`${this.o.label}: its worker thread exited with code: ${code}`);
    const call = thread.call;
    thread.call = undefined;
    call?.cancel?.();
    if (call !== undefined && Atomics.load(thread.taken, 0) !== callTag(call.id) && !call.handedOn) {
      // The thread ended between two calls (a stray rejection, a timer of the model's): the call it had not
      // taken yet did not fail, so it goes first to the next free thread. Once: a module whose threads all
      // end that way fails the call the second time.
      call.handedOn = true;
      this.queue.unshift(call);
    } else if (call !== undefined) call.reject(reason);
    if (!thread.ready) {
      this.o.warn(`a worker thread ended while it loaded the model module: ${describe(reason)}`);
      // Starting it again at once would end the same way, in a loop: the slot stays empty until a call needs
      // it. The waiting calls fail with the reason, unless another thread can still run them.
      this.replace(thread, false);
      if (!this.anyAlive()) for (const waiting of this.queue.splice(0)) waiting.reject(reason);
    } else {
      if (call === undefined || call.handedOn) this.o.warn(`a worker thread ended between calls: ${describe(reason)}`);
      this.replace(thread, thread.answered || this.queue.length > 0);
    }
    this.pumpAll();
  }

  /**
   * A new thread in `thread`'s slot now if `now` (and the pool is not closing, or calls wait), else an empty
   * slot that the next call fills: a thread that never answered is not restarted for nobody.
   */
  private replace(thread: Thread, now: boolean): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    this.threads[index] = now && (!this.closing || this.queue.length > 0) ? this.start() : undefined;
    this.refresh();
    this.checkDrained();
  }

  /** A thread that runs or will run calls: ready or loading, not retired. */
  private anyAlive(): boolean {
    return this.threads.some((t) => t !== undefined && !t.retired);
  }

  private readonly warned = new Set<string>();
  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.o.warn(message);
  }

  private checkDrained(): void {
    if (this.drained !== undefined && !this.busy()) this.drained();
  }

  private busy(): boolean {
    return this.queue.length > 0 || this.threads.some((t) => t?.call !== undefined);
  }
}
