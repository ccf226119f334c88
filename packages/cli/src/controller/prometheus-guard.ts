import type { GuardFacts } from '@modelroute/core';
import { instantQuery } from '../commands/analyze-fleet.js';

const quote = (s: string): string => JSON.stringify(s);

/**
 * The fleet's guard facts for `route`: a variant counts as tripped when any process reports its guard
 * state open or half-open (`modelroute_guard_status`), or its trip counter (`modelroute_guard_trips_total`)
 * rose within `lookbackS` seconds, so a trip that a process recovered from between two runs still counts.
 */
export async function fleetGuard(url: string, route: string, lookbackS: number): Promise<GuardFacts> {
  const key = `feature_flag_key=${quote(route)}`;
  const [states, trips] = await Promise.all([
    instantQuery(
      url,
      `max by (feature_flag_result_variant, modelroute_guard_state) (modelroute_guard_status{${key}, modelroute_guard_state!="closed"}) > 0`,
    ),
    instantQuery(
      url,
      `sum by (feature_flag_result_variant, modelroute_guard_trigger) (increase(modelroute_guard_trips_total{${key}}[${Math.max(1, Math.round(lookbackS))}s])) > 0`,
    ),
  ]);
  const facts = new Map<string, GuardFacts[number]>();
  for (const s of trips) {
    const variant = s.metric.feature_flag_result_variant ?? '';
    facts.set(variant, {
      variant,
      state: 'open',
      trigger: s.metric.modelroute_guard_trigger as GuardFacts[number]['trigger'],
    });
  }
  for (const s of states) {
    const variant = s.metric.feature_flag_result_variant ?? '';
    const state = s.metric.modelroute_guard_state === 'half_open' ? 'half-open' : 'open';
    facts.set(variant, { variant, state, trigger: facts.get(variant)?.trigger });
  }
  return [...facts.values()];
}
