/** The xxHash32 function of xxhash-wasm: UTF-8 bytes of `input`, 32-bit `seed`, unsigned 32-bit result. */
export type Hash32 = (input: string, seed?: number) => number;

let loading: Promise<Hash32> | undefined;

/**
 * Loads the WebAssembly hasher once per process; every router shares it. xxhash-wasm is imported here,
 * on first use, not when @modelroute/core is (bench/footprint.bench.mjs).
 */
export function loadHasher(): Promise<Hash32> {
  loading ??= import('xxhash-wasm').then(({ default: xxhash }) => xxhash()).then((api) => api.h32);
  return loading;
}
