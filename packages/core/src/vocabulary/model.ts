/**
 * A model: any function from input to output, sync or async. A model that owns resources (a
 * `workerModel`'s thread pool) carries a `close()`: `router.close()` calls it once, after the shadow work
 * drained, so the router that was given the model ends it.
 */
export type Model<I, O> = {
  (input: I): O | Promise<O>;
  /** Releases what the model holds; called once by `router.close()`. Default: none (a plain function). */
  close?: () => unknown;
};
