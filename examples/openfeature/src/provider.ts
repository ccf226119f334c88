// The flags an operator would keep in their vendor's dashboard, served by OpenFeature's in-memory
// provider so that the demo runs anywhere. With any other vendor's provider, only this file changes.
import { createHash } from 'node:crypto';
import { OpenFeature, TypedInMemoryProvider, type EvaluationContext } from '@openfeature/server-sdk';

/** The route document of each canary stage: the variants of the object flag `fraud-score-rollout`. */
export const stages = {
  stable: {
    champion: 'fraud-v3',
    weights: { 'fraud-v3': 100, 'fraud-v4': 0 },
    salt: 'fraud-score-2026-11',
    version: 'stable',
  },
  canary5: {
    champion: 'fraud-v3',
    weights: { 'fraud-v3': 95, 'fraud-v4': 5 },
    salt: 'fraud-score-2026-11',
    version: 'canary-5',
  },
  canary20: {
    champion: 'fraud-v3',
    weights: { 'fraud-v3': 80, 'fraud-v4': 20 },
    salt: 'fraud-score-2026-11',
    version: 'canary-20',
  },
  canary50: {
    champion: 'fraud-v3',
    weights: { 'fraud-v3': 50, 'fraud-v4': 50 },
    salt: 'fraud-score-2026-11',
    version: 'canary-50',
  },
};
export type Stage = keyof typeof stages;

// The in-memory provider has no percentage rollouts of its own; a vendor's provider does this for you.
const bucket = (key: string): number =>
  createHash('sha1').update(`fraud-variant.${key}`).digest().readUInt32BE(0) % 100;

export interface Flags {
  readonly client: ReturnType<typeof OpenFeature.getClient>;
  /** Serves another variant of the stages flag (the dashboard's "default variant"). */
  serveStage(stage: Stage): void;
  /** Serves a hand-edited value, as when an operator pastes a variant with a mistake in it. */
  serveValue(value: Record<string, unknown>): void;
  /** Sets the share of users that the string flag `fraud-variant` sends to fraud-v4. */
  rollout(percentV4: number): void;
}

export async function inMemoryFlags(): Promise<Flags> {
  let stage: Stage = 'stable';
  let custom: Record<string, unknown> | undefined;
  let percent = 0;
  const configuration = () => ({
    'fraud-score-rollout': custom
      ? { variants: { custom }, defaultVariant: 'custom', disabled: false }
      : { variants: stages, defaultVariant: stage, disabled: false },
    'fraud-variant': {
      variants: { v3: 'fraud-v3', v4: 'fraud-v4' },
      defaultVariant: 'v3',
      disabled: false,
      contextEvaluator: (ctx: EvaluationContext) =>
        ctx.plan === 'beta' || bucket(String(ctx.targetingKey)) < percent ? 'v4' : 'v3',
    },
  });
  const provider = new TypedInMemoryProvider(configuration() as never);
  await OpenFeature.setProviderAndWait('fraud-service', provider);
  const publish = () => provider.putConfiguration(configuration() as never);
  return {
    client: OpenFeature.getClient('fraud-service'),
    serveStage: (next) => {
      stage = next;
      custom = undefined;
      publish();
    },
    serveValue: (value) => {
      custom = value;
      publish();
    },
    rollout: (next) => {
      percent = next;
      publish();
    },
  };
}
