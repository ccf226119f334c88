import { createHash } from 'node:crypto';
import { OpenFeature, TypedInMemoryProvider, type EvaluationContext, type Provider } from '@openfeature/server-sdk';
import type { Router } from '@modelroute/core';

/** The canary stages an operator switches between: one route document per flag variant. */
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
export const units = Array.from({ length: 4000 }, (_, i) => `user-${i}`);

/** Resolves with the router's next `event`. Register it before the change that causes the event. */
export function nextEvent(
  router: Router<number, string>,
  event: 'applied' | 'rejected' | 'delegateFailed',
): Promise<any> {
  return new Promise((resolve) => router.once(event, resolve as never));
}

export function unitsIn(router: Router<number, string>, variant: string, from: readonly string[] = units): Set<string> {
  return new Set(from.filter((u) => router.decide(u).variant === variant));
}

/** In-memory flag configurations, as a vendor's dashboard would hold them. */
export type Flags = NonNullable<ConstructorParameters<typeof TypedInMemoryProvider>[0]>;

/** An object flag whose variants are the canary stages; `on` picks the one served. */
export const stagesFlag = (on: 'five' | 'twenty' | 'fifty'): Flags[string] => ({
  variants: { five: stage(5), twenty: stage(20), fifty: stage(50) },
  defaultVariant: on,
  disabled: false,
});

// A provider's own percentage rollout: a stable bucket of the targeting key in [0, 100).
const bucket = (key: string): number =>
  createHash('sha1').update(`fraud-variant.${key}`).digest().readUInt32BE(0) % 100;

/** A string flag whose variants are model ids: `percentV4` of targeting keys get fraud-v4; plan=beta always does; plan=legacy gets an unknown id. */
export const rolloutFlag = (percentV4: number): Flags[string] => ({
  variants: { v3: 'fraud-v3', v4: 'fraud-v4', v9: 'fraud-v9' },
  defaultVariant: 'v3',
  disabled: false,
  contextEvaluator: (ctx: EvaluationContext) =>
    ctx.plan === 'beta'
      ? 'v4'
      : ctx.plan === 'legacy'
        ? 'v9'
        : typeof ctx.targetingKey === 'string' && bucket(ctx.targetingKey) < percentV4
          ? 'v4'
          : 'v3',
});

let domains = 0;
/** A real OpenFeature client in a fresh domain, on `provider`; `wait` waits for the provider to be ready. */
export async function clientFor(provider: Provider, wait = true) {
  const domain = `modelroute-test-${++domains}`;
  if (wait) await OpenFeature.setProviderAndWait(domain, provider);
  else OpenFeature.setProvider(domain, provider);
  return OpenFeature.getClient(domain);
}

/** An in-memory provider whose initialization waits for `release()` (or fails on `fail()`). */
export function heldProvider(flags: Flags) {
  const provider = new TypedInMemoryProvider(flags);
  let release!: () => void;
  let fail!: (error: Error) => void;
  const held = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  Object.assign(provider, { initialize: () => held });
  return { provider, release: () => release(), fail: (error: Error) => fail(error) };
}
