import { createRequire } from 'node:module';
import type { AnyValueMap, Logger, LoggerProvider } from '@opentelemetry/api-logs';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { RecordSink } from '../vocabulary/record-sink.js';
import type { SinkRecord } from './sink-record.js';

/** Options of {@link otelLogsSink}. */
export interface OtelLogsSinkOptions {
  /** Where log records go. Default: the global provider (`logs`), which proxies to the SDK you register, even later. */
  loggerProvider?: LoggerProvider;
  /** The instrumentation scope (logger) name. Default `'@modelroute/core'`. */
  loggerName?: string;
  /** The event name of each record. Default `'modelroute.shadow.pair'` for shadow pairs, `'modelroute.experiment.exposure'` for exposures. */
  eventName?: string;
}

// SeverityNumber.INFO of the logs API (a const enum there): kept here so nothing is imported at load time.
const SEVERITY_INFO = 9;

/**
 * The global logger provider of `@opentelemetry/api-logs`, an optional peer dependency: loaded when a sink
 * is created, so that importing this entry without it installed gives a message that says what to install
 * instead of a bare MODULE_NOT_FOUND.
 */
function globalLoggerProvider(): LoggerProvider {
  try {
    return (createRequire(import.meta.url)('@opentelemetry/api-logs') as { logs: LoggerProvider }).logs;
  } catch (error) {
    throw new ModelrouteError(
      'invalid_options',
      'otelLogsSink needs the optional peer dependency @opentelemetry/api-logs, which is not installed: run `npm install @opentelemetry/api-logs` (a version >=0.200.0 <1), or pass your own loggerProvider',
      { cause: error },
    );
  }
}

/** Minimal shape of an SDK provider that can flush; the logs API itself has no flush. */
interface Flushable {
  forceFlush?: () => Promise<void>;
}

/**
 * A sink that emits each record as an OpenTelemetry log record (event `modelroute.shadow.pair` for a shadow
 * pair, `modelroute.experiment.exposure` for an exposure; the record as a structured body), so that an
 * OpenTelemetry collector can route them to Kafka, S3 or a warehouse. Import it from `@modelroute/core/otel-logs`; it needs `@opentelemetry/api-logs` installed.
 * Memory is bounded by your SDK's log record processor (the batch processor drops beyond `maxQueueSize`).
 * `close()` force-flushes the provider you passed, if it can; it never shuts it down (it is yours).
 */
export function otelLogsSink(options: OtelLogsSinkOptions = {}): RecordSink<SinkRecord> {
  const provider = options.loggerProvider ?? globalLoggerProvider();
  const logger: Logger = provider.getLogger(options.loggerName ?? '@modelroute/core');
  let closed = false;
  const flush = async (): Promise<void> => {
    await (options.loggerProvider as Flushable | undefined)?.forceFlush?.();
  };
  return {
    write(record) {
      if (closed) return false;
      const time = Date.parse(record.time);
      logger.emit({
        eventName:
          options.eventName ?? ('shadow' in record ? 'modelroute.shadow.pair' : 'modelroute.experiment.exposure'),
        timestamp: Number.isNaN(time) ? Date.now() : time,
        severityNumber: SEVERITY_INFO,
        severityText: 'INFO',
        body: record as unknown as AnyValueMap,
        // The same bounded keys as the metrics (see telemetry/instruments.ts), so logs and metrics join.
        attributes:
          'shadow' in record
            ? {
                'feature_flag.key': record.route,
                'feature_flag.result.variant': record.primary.model,
                'modelroute.shadow.model': record.shadow.model,
                'modelroute.prediction.outcome': record.shadow.outcome,
                'modelroute.shadow.comparison': record.comparison,
              }
            : {
                'feature_flag.key': record.route,
                'feature_flag.result.variant': record.variant,
                'feature_flag.version': record.version,
              },
      });
      return true;
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}
