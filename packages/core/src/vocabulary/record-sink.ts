/**
 * Where records go: `jsonLinesSink`, `callbackSink`, `otelLogsSink` (from `@modelroute/core/otel-logs`),
 * or your own. The same sinks take shadow pairs (`shadow.sinks`) and exposures (`experiment.sinks`).
 * A sink belongs to one router, which closes it in `router.close()`.
 */
export interface RecordSink<R> {
  /** Takes one record without blocking. Return `false` when the record was dropped (say, a full buffer); a throw counts as a drop too. */
  write(record: R): boolean | void;
  /** Writes what is buffered. Called by `router.close()` once shadow calls have drained. */
  flush?(): Promise<void>;
  /** Releases files and timers; called once by `router.close()` after `flush`. Later writes are dropped. */
  close?(): Promise<void>;
  /** Called once by the router with a function to report records lost later (a failed file write), by the record's model. */
  attach?(lost: (model: string) => void): void;
}
