import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Transferable, Worker } from 'node:worker_threads';
import { ModelrouteError } from '@modelroute/core';
import type { CallSignal } from './call-signal.js';
import type { ThreadPool } from './thread-pool.js';

/** What a {@link PollPool} needs to know. */
export interface PollPoolOptions {
  /** The model module's `file:` URL. */
  readonly href: string;
  readonly exportName: string;
  readonly threads: number;
  /** How long an idle thread sleeps before it looks for a call again, in ms. */
  readonly pollMs: number;
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
  readonly port: MessagePort;
  /** The call this thread runs; a thread takes one call at a time, the others wait in the pool's queue. */
  call: Call | undefined;
  /** The module loaded: a thread that fails before this failed to load the model. */
  ready: boolean;
  /** Terminated by the pool (a timeout, close): its exit is expected and its replacement already made. */
  retired: boolean;
  /** The id (& 0x7fffffff) of the last call the thread took from its port, written by the thread. */
  readonly taken: Int32Array;
}

type Reply = { ready: true } | { id: number; value: unknown } | { id: number; error: unknown };

const POLL_WORKER = fileURLToPath(new URL('./poll-worker-boot.cjs', import.meta.url));

/**
 * The worker pool of a workerModel with `pollMs`: a call is posted to an idle thread's port without waking
 * the thread, which finds it at its next poll (poll-worker.mjs). The caller's thread pays for the copy of the
 * input (a few µs) instead of the wake-up of a sleeping thread (~100 µs on a virtual machine); each call
 * waits up to `pollMs` more before it starts. Semantics as piscina's as workerModel uses it: one call per
 * thread, a FIFO queue for the rest (its bound is workerModel's), an aborted call terminates its thread,
 * a thread that exits rejects its call and is replaced, `close()` waits for calls up to `closeTimeoutMs`.
 */
export class PollPool implements ThreadPool {
  private readonly threads: Array<Thread | undefined>;
  private readonly queue: Call[] = [];
  private nextId = 0;
  private closing = false;
  private drained: (() => void) | undefined;

  constructor(private readonly o: PollPoolOptions) {
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
        thread.port.close();
        await thread.worker.terminate();
      }),
    );
  }

  private start(): Thread {
    const { port1, port2 } = new MessageChannel();
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(POLL_WORKER, {
      workerData: {
        modelroutePoll: {
          href: this.o.href,
          exportName: this.o.exportName,
          port: port2,
          pollMs: this.o.pollMs,
          low: this.o.low,
          taken,
        },
      },
      transferList: [port2],
    });
    const thread: Thread = { worker, port: port1, taken, call: undefined, ready: false, retired: false };
    port1.on('message', (reply: Reply) => this.answered(thread, reply));
    // Neither keeps the process alive when no call is running: a pool a program forgot to close lets it exit.
    port1.unref();
    worker.unref();
    let failure: unknown;
    worker.on('error', (error) => {
      failure = error;
    });
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
    // A running call keeps the process alive until it settles: by its answer (the port) or by the thread's end
    // (the worker's 'exit' event).
    thread.port.ref();
    thread.worker.ref();
    try {
      thread.port.postMessage({ id: call.id, input: call.input }, call.transferList);
    } catch (error) {
      // The input cannot be copied (a function, a symbol...): the call fails, the thread stays free.
      this.settled(thread);
      call.reject(error);
    }
  }

  private answered(thread: Thread, reply: Reply): void {
    if ('ready' in reply) {
      thread.ready = true;
      return;
    }
    const call = thread.call;
    if (call === undefined || call.id !== reply.id) return; // a call already aborted
    this.settled(thread);
    if ('error' in reply) call.reject(reply.error);
    else call.resolve(reply.value);
  }

  /** The thread's call ended: the thread takes the next queued call, or sleeps. */
  private settled(thread: Thread): void {
    thread.call = undefined;
    const next = thread.retired ? undefined : this.queue.shift();
    if (next !== undefined) this.dispatch(thread, next);
    else {
      thread.port.unref();
      thread.worker.unref();
    }
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
      thread.port.close();
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
    // Answers the thread sent before it ended (its 'ready', a last result) count first.
    for (let m = receiveMessageOnPort(thread.port); m !== undefined; m = receiveMessageOnPort(thread.port))
      this.answered(thread, m.message as Reply);
    thread.port.close();
    const index = this.threads.indexOf(thread);
    const reason = failure ?? new Error(`${this.o.label}: its worker thread exited with code: ${code}`);
    const call = thread.call;
    thread.call = undefined;
    if (call !== undefined && thread.ready && Atomics.load(thread.taken, 0) !== (call.id & 0x7fffffff)) {
      // The thread ended between two calls (a stray rejection, a timer of the model's): the call it had not
      // taken yet did not fail, so it goes first to the next thread.
      this.queue.unshift(call);
      this.o.warn(`a worker thread ended between calls: ${describe(reason)}`);
    } else if (call !== undefined) call.reject(reason);
    else this.o.warn(`a worker thread ended between calls: ${describe(reason)}`);
    if (!thread.ready) {
      // The thread ended before it loaded the model (process.exit at import): starting it again at once would
      // end the same way, in a loop. The waiting calls fail with the reason; the next call tries a new thread.
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
