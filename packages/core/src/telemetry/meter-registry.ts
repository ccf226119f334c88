import type { BatchObservableCallback, Histogram, Meter } from '@opentelemetry/api';
import { observeRoute } from './observe-route.js';
import { createInstruments, type OtelInstruments } from './otel-instruments.js';
import { mergeRouteState, type RouteState } from './route-state.js';

// Per meter: its instruments (created once), the state of every route measured on it, and one batch
// callback for all of them, registered while at least one router uses the meter.
interface MeterState {
  readonly instruments: OtelInstruments;
  readonly routes: Map<string, RouteState>;
  readonly observe: BatchObservableCallback;
  live: number;
}

const meters = new WeakMap<Meter, MeterState>();

function register(state: MeterState, meter: Meter): void {
  meter.addBatchObservableCallback(state.observe, [...state.instruments.observables]);
}

/**
 * A router starts measuring on `meter`: its route's shared state (its own `local` state, or the one an
 * earlier router of the same route left, with `local`'s counts added) and the meter's instruments.
 * `duration` is the histogram the router made to tell a no-op meter; it is used when the meter is new.
 */
export function joinMeter(
  meter: Meter,
  local: RouteState,
  duration: Histogram,
): { state: RouteState; instruments: OtelInstruments } {
  let entry = meters.get(meter);
  if (entry === undefined) {
    const routes = new Map<string, RouteState>();
    const instruments = createInstruments(meter, duration);
    const observe: BatchObservableCallback = (result) => {
      for (const route of routes.values()) observeRoute(result, instruments, route);
    };
    entry = { instruments, routes, observe, live: 0 };
    meters.set(meter, entry);
  }
  let state = entry.routes.get(local.route);
  if (state === undefined) {
    state = local;
    entry.routes.set(local.route, local);
  } else {
    mergeRouteState(state, local);
  }
  if (entry.live++ === 0) register(entry, meter);
  return { state, instruments: entry.instruments };
}

/**
 * A router stops measuring (it closed). When no router uses the meter any more, the callback is removed;
 * the routes' counts are kept, so a later router of the same route continues them (counters never go down).
 */
export function leaveMeter(meter: Meter): void {
  const entry = meters.get(meter);
  if (entry === undefined || entry.live === 0) return;
  if (--entry.live === 0) meter.removeBatchObservableCallback(entry.observe, [...entry.instruments.observables]);
}
