import type { RecordSink } from './record-sink.js';

/**
 * A unit's first exposure under a document version, as exposure sinks receive it: enough for a
 * warehouse to join outcomes recorded elsewhere with the variant the unit saw.
 */
export interface ExposureRecord {
  /** When the unit was first exposed under this version, ISO 8601 UTC. */
  readonly time: string;
  readonly route: string;
  /** The unit: by default a pseudonym (HMAC-SHA256, hex), raw only with `unit: 'raw'`; absent with `'omit'`. */
  readonly unit?: string;
  /** The variant the unit was assigned (intention to treat: also when the guard answered it with another). */
  readonly variant: string;
  /** The document version in force. */
  readonly version: string;
}

/** Where exposures go: `jsonLinesSink`, `callbackSink`, `otelLogsSink`, as for shadow records. */
export type ExposureSink = RecordSink<ExposureRecord>;
