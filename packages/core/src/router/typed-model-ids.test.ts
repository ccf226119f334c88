// Type tests: `pnpm typecheck` compiles this file, so each `@ts-expect-error` below must stay an error
// (a misspelled model id fails to compile). The vitest part checks the inferred types.
import { describe, expectTypeOf, it } from 'vitest';
import { abTest, canary, championChallenger, rolloutDocument, shadow } from '../rollout/strategies.js';
import { staticSource } from '../sources/static-source.js';
import type { Decision } from '../vocabulary/decision.js';
import { createRouter } from './create-router.js';
import type { Router } from './router.js';

const models = { 'fraud-v3': (x: number) => x * 3, 'fraud-v4': async (x: number) => x * 4 };
const source = staticSource({ routes: { fraud: { champion: 'fraud-v3', weights: { 'fraud-v3': 1 } } } });
type Ids = 'fraud-v3' | 'fraud-v4';

// Never called: only compiled.
export async function misspellings(): Promise<void> {
  // @ts-expect-error 'fraud-v9' is not one of the models
  await createRouter({ route: 'fraud', models, source, fallback: 'fraud-v9' });
  const router = await createRouter({ route: 'fraud', models, source, fallback: 'fraud-v3' });
  // @ts-expect-error reset takes a model id
  router.reset('fraud-v33');
  // @ts-expect-error the decision's variant is one of the model ids
  const typo: Decision<Ids>['variant'] = 'fraud-3';
  void typo;
  // @ts-expect-error an override pins a unit to one of the helper's models
  canary({ stable: 'fraud-v3', canary: 'fraud-v4', percent: 5, overrides: { 'qa-17': 'fraud-v5' } });
  // @ts-expect-error abTest's control is one of its variants
  abTest({ variants: ['a', 'b'], control: 'c' });
  // @ts-expect-error `staticSource` takes a rollout document: weights must be numbers
  staticSource({ routes: { fraud: { champion: 'a', weights: { a: '1' } } } });
  // @ts-expect-error a router has no emit
  router.emit('trip');
  // @ts-expect-error nor a start
  router.start();
  // @ts-expect-error events are typed
  router.on('tripped', () => {});
  // @ts-expect-error and so are their listeners
  router.on('trip', (event: { version: number }) => event);
}

describe('typed model ids', () => {
  it('infers the union of model ids from `models`', async () => {
    const router = await createRouter({ route: 'fraud', models, source, fallback: 'fraud-v3' });
    expectTypeOf(router).toEqualTypeOf<Router<number, number, Ids>>();
    expectTypeOf(router.decide('u').variant).toEqualTypeOf<Ids>();
    const { decision } = await router.predictDetailed(1, { unit: 'u' });
    expectTypeOf(decision.champion).toEqualTypeOf<Ids>();
    expectTypeOf(router.reset).parameter(0).toEqualTypeOf<Ids>();
    await router.close();
  });

  it('types the documents the strategy helpers build', () => {
    const doc = canary({ stable: 'fraud-v3', canary: 'fraud-v4', percent: 5, overrides: { qa: 'fraud-v4' } });
    expectTypeOf(doc.champion).toEqualTypeOf<Ids>();
    expectTypeOf(shadow({ champion: 'a', shadows: [{ model: 'b', fraction: 1 }] }).champion).toEqualTypeOf<'a' | 'b'>();
    expectTypeOf(championChallenger({ champion: 'a', challengers: ['b', 'c'] }).overrides).toEqualTypeOf<
      Record<string, 'a' | 'b' | 'c'> | undefined
    >();
    expectTypeOf(rolloutDocument({ fraud: doc }).routes.fraud!.champion).toEqualTypeOf<Ids>();
  });
});
