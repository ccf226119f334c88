import type { ExposureRecord } from '../vocabulary/exposure-record.js';
import type { ShadowRecord } from './shadow-record.js';

/** Any record the built-in sinks take: a shadow pair or an exposure. */
export type SinkRecord = ShadowRecord | ExposureRecord;

/** The model a record is about (the shadow model of a pair, the variant of an exposure): what a lost record is counted against. */
export function recordModel(record: SinkRecord): string {
  return 'shadow' in record ? record.shadow.model : record.variant;
}
