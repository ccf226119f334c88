import type * as Extras from './router-extras.js';

/** The classes a router builds its experiment, review and gate state from (see router-extras.ts). */
export type RouterExtras = typeof Extras;

let loading: Promise<RouterExtras> | undefined;

/**
 * Loads the router's experiment, review and gate classes once per process; every router shares them.
 * Always loaded by createRouter, whatever the first document holds: a later document may add an
 * experiment, a review or a gate, and applying it must stay synchronous. An import() in the ESM build
 * and a require() in the CommonJS one (tsup.config.ts).
 */
export function loadRouterExtras(): Promise<RouterExtras> {
  loading ??= import('./router-extras.js');
  return loading;
}
