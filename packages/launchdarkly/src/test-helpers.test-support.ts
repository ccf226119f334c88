import type { Router, RouterEvents } from '@modelroute/core';
import type { LaunchDarklyClient } from './client.js';

/** The canary stages an operator switches between: one route document per flag variation. */
export const stage = (percent: number) => ({
  champion: 'fraud-v3',
  weights: { 'fraud-v3': 100 - percent, 'fraud-v4': percent },
  salt: 'fraud-score-2026-11',
  version: `canary-${percent}`,
});

export const models = {
  'fraud-v3': (x: number) => `v3:${x}`,
  'fraud-v4': (x: number) => `v4:${x}`,
  'fraud-v5': (x: number) => `v5:${x}`,
};

/** Resolves with the router's next `event`. Register it before the change that causes the event. */
export function nextEvent<E extends keyof RouterEvents>(
  router: Router<number, string>,
  event: E,
): Promise<Parameters<RouterEvents[E]>[0]> {
  return new Promise((resolve) => router.once(event, resolve as never));
}

/** The units (of `units`) that `router` sends to `variant` right now. */
export function unitsIn(router: Router<number, string>, variant: string, units: readonly string[]): Set<string> {
  return new Set(units.filter((u) => router.decide(u).variant === variant));
}

export const units = Array.from({ length: 4000 }, (_, i) => `user-${i}`);

/** Wraps a client and counts its flag evaluations. */
export function counting(client: LaunchDarklyClient): { client: LaunchDarklyClient; evaluations: () => number } {
  let n = 0;
  return {
    evaluations: () => n,
    client: {
      variation: (key, context, fallback) => (n++, client.variation(key, context, fallback)),
      variationDetail: (key, context, fallback) => (n++, client.variationDetail(key, context, fallback)),
      initialized: () => client.initialized(),
      on: (event, listener) => client.on(event, listener),
      off: (event, listener) => client.off(event, listener),
    },
  };
}

/**
 * A string flag in LaunchDarkly's own data model, as the dashboard stores it: a percentage rollout of
 * `fraud-v4` on the fallthrough, plus rules on the caller's `plan` attribute (`legacy` gets a model id
 * the router does not have).
 */
export function rolloutFlag(key: string, percentV4: number, version = 1) {
  return {
    key,
    version,
    on: true,
    salt: `${key}-salt`,
    variations: ['fraud-v3', 'fraud-v4', 'fraud-v9'],
    offVariation: 0,
    fallthrough: {
      rollout: {
        variations: [
          { variation: 0, weight: (100 - percentV4) * 1000 },
          { variation: 1, weight: percentV4 * 1000 },
        ],
      },
    },
    targets: [],
    contextTargets: [],
    prerequisites: [],
    rules: [
      {
        id: 'beta',
        clauses: [{ contextKind: 'user', attribute: 'plan', op: 'in', values: ['beta'], negate: false }],
        variation: 1,
      },
      {
        id: 'legacy',
        clauses: [{ contextKind: 'user', attribute: 'plan', op: 'in', values: ['legacy'], negate: false }],
        variation: 2,
      },
    ],
    trackEvents: false,
    trackEventsFallthrough: false,
    clientSide: false,
    deleted: false,
  };
}

/** The route document that backs delegate mode: champion, guard and the weights for calls the flag does not answer. */
export const delegateRoute = {
  champion: 'fraud-v3',
  weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
  overrides: { 'qa-user': 'fraud-v5' },
};
