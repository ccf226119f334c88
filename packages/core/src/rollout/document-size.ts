/**
 * The default limit on a rollout document's size, in bytes of JSON text: 1 MiB, the most a Kubernetes
 * ConfigMap holds. Applying a document at this size is the longest a document can block the event loop
 * (bench/document-size.bench.mjs measures it; bench/RESULTS.md has the figures); a larger one is
 * rejected before it is parsed. Change it with `createRouter({ maxDocumentBytes })`.
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 1_048_576;

/** The problem with a document of `bytes` bytes under the limit `maxBytes`, or undefined when it fits. */
export function documentSizeProblem(bytes: number, maxBytes: number, what = 'the document'): string | undefined {
  if (bytes <= maxBytes) return undefined;
  return `${what} is ${bytes} bytes, over the limit of ${maxBytes} bytes; keep rollout documents small (move long override lists out of them) or raise createRouter({ maxDocumentBytes })`;
}
