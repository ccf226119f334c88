// modelroute: router.decide (the sticky choice alone) and router.predict (choice + model call + records).
import { createRouter, staticSource } from '@modelroute/core';

const doc = (weights) => ({ routes: { exp: { champion: Object.keys(weights)[0], weights, salt: 'bench' } } });

export async function modelrouteDecide(weights) {
  const models = Object.fromEntries(Object.keys(weights).map((v) => [v, async () => v]));
  const router = await createRouter({
    route: 'exp',
    models,
    source: staticSource(doc(weights)),
    fallback: Object.keys(weights)[0],
  });
  return { sync: true, choose: (unit) => router.decide(unit).variant, close: () => router.close() };
}

export async function modelroutePredict(weights) {
  // Each model answers with its own id, so the output is the variant.
  const models = Object.fromEntries(Object.keys(weights).map((v) => [v, async () => v]));
  const router = await createRouter({
    route: 'exp',
    models,
    source: staticSource(doc(weights)),
    fallback: Object.keys(weights)[0],
  });
  return { sync: false, choose: (unit) => router.predict(0, { unit }), close: () => router.close() };
}
