/**
 * A model: any function from input to output, sync or async. A model that owns resources (a
 * `workerModel`'s thread pool) carries a `close()`: `router.close()` calls it once, after the shadow work
 * drained, so the router that was given the model ends it. A model with a bounded capacity of its own
 * (a `workerModel` with `maxQueue`) may carry a `capacity()`, so that shadow copies it has no room for
 * cost nothing.
 */
export type Model<I, O> = {
  (input: I): O | Promise<O>;
  /** Releases what the model holds; called once by `router.close()`. Default: none (a plain function). */
  close?: () => unknown;
  /**
   * How many more calls the model takes right now without rejecting them for lack of room (a pool's free
   * threads plus free queue places). The shadow runner asks before it queues a copy: a copy that finds no
   * room (after the copies already queued for the model) is dropped and counted (`capacity`) without a call,
   * a promise or an error. Must be cheap and must not throw (a throw counts as room). Default: none (the
   * model is called, and a call it has no room for rejects with `model_overloaded`).
   */
  capacity?: () => number;
};
