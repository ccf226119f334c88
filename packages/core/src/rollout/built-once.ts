/**
 * A value built on its first use, then kept. The validator's schemas are built this way: building them
 * was a third of what importing @modelroute/core cost, and a process that never validates a document
 * (its source hands it a validated one, or it only imports a helper) should not pay for it.
 */
export function builtOnce<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
