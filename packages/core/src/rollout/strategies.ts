import { ModelrouteError } from '../errors/modelroute-error.js';
import type { ExperimentConfig } from './experiment-schema.js';
import type { GuardConfig, RolloutDocument, RouteDocument, ShadowTarget } from './schema.js';
import type { StageStep } from './document.js';
import { validateRouteDocument } from './validate.js';

/** Options every strategy helper accepts, copied into the route document as they are. */
export interface CommonRouteOptions<M extends string = string> {
  /** Hash salt for sticky assignment. Default: the route name. */
  salt?: string;
  /** Hard triggers of the local circuit breaker. Default: none (the guard only counts). */
  guard?: GuardConfig;
  /** Shadow targets. Default: none. */
  shadow?: ShadowTarget<M>[];
  /** Pinned units: unit id to one of the helper's models (a typo fails to compile). Default: none. */
  overrides?: Record<string, NoInfer<M>>;
  /** A label for this version of the route. Default: a hash of its content. */
  version?: string;
  /** Metrics to track and analyse against the champion (see docs/experiments.md). Default: none. */
  experiment?: ExperimentConfig;
}

function build<M extends string>(kind: string, route: RouteDocument, common: CommonRouteOptions<M>): RouteDocument<M> {
  const doc: RouteDocument = { ...route };
  for (const key of ['salt', 'guard', 'shadow', 'overrides', 'version', 'experiment'] as const) {
    if (common[key] !== undefined) (doc as unknown as Record<string, unknown>)[key] = common[key];
  }
  const checked = validateRouteDocument(doc, kind);
  if (!checked.ok)
    throw new ModelrouteError('invalid_options', `${kind}(): ${checked.problems.join('; ')}`, {
      details: checked.problems,
    });
  return checked.value as RouteDocument<M>;
}

/** Options of {@link canary}. */
export interface CanaryOptions<M extends string = string> extends CommonRouteOptions<M> {
  /** The champion: the model that has the traffic now. */
  stable: M;
  /** The candidate. */
  canary: M;
  /** The candidate's share, 0 to 100. Default: the first step's weight; required without `steps`. */
  percent?: number;
  /**
   * A staged rollout for `rolloutController`: the candidate's weights in ascending order (a number is a step
   * with no minimum or maximum duration), e.g. `[5, 20, 50, 100]`. Default: none (a fixed split).
   */
  steps?: readonly (number | StageStep)[];
  /** With `steps`: after the last step, "promote" the candidate to champion or "stay" (default "promote"). */
  onComplete?: 'promote' | 'stay';
}

/** Canary: `percent` of traffic to `canary`, the rest to `stable` (the champion); with `steps`, a staged rollout. */
export function canary<const M extends string>(options: CanaryOptions<M>): RouteDocument<M> {
  const { stable, canary: candidate } = options;
  const steps = options.steps?.map((step) => (typeof step === 'number' ? { weight: step } : { ...step }));
  const percent = options.percent ?? steps?.[0]?.weight;
  if (percent === undefined || !(percent >= 0 && percent <= 100))
    throw new ModelrouteError(
      'invalid_options',
      `canary(): percent must be between 0 and 100, got ${percent}${steps === undefined ? ' (give percent, or steps)' : ''}`,
    );
  const route: RouteDocument = { champion: stable, weights: { [stable]: 100 - percent, [candidate]: percent } };
  if (steps !== undefined)
    route.stages = {
      candidate,
      steps,
      ...(options.onComplete === undefined ? {} : { onComplete: options.onComplete }),
    };
  return build('canary', route, options);
}

/**
 * Blue/green: all traffic to `active` in one atomic switch. `blue` stays the champion (the rollback
 * target of the guard) until you promote green.
 */
export function blueGreen<const M extends string>(
  options: CommonRouteOptions<M> & { blue: M; green: M; active: 'blue' | 'green' },
): RouteDocument<M> {
  const { blue, green, active } = options;
  return build(
    'blueGreen',
    { champion: blue, weights: { [blue]: active === 'blue' ? 100 : 0, [green]: active === 'green' ? 100 : 0 } },
    options,
  );
}

/**
 * A/B test: sticky split between variants, by default equal shares. `control` (default: the first
 * variant) is the champion.
 */
export function abTest<const M extends string>(
  options: CommonRouteOptions<M> & { variants: readonly M[] | Record<M, number>; control?: NoInfer<M> },
): RouteDocument<M> {
  const weights = Array.isArray(options.variants)
    ? Object.fromEntries(options.variants.map((v) => [v, 1]))
    : { ...options.variants };
  const control = options.control ?? Object.keys(weights)[0];
  if (control === undefined)
    throw new ModelrouteError('invalid_options', 'abTest(): variants must name at least one model');
  return build('abTest', { champion: control, weights }, options);
}

/** Shadow (dark launch): the champion answers every call; each shadow gets a copy of `fraction` of calls. */
export function shadow<const M extends string>(
  options: Omit<CommonRouteOptions<M>, 'shadow'> & { champion: M; shadows: ShadowTarget<M>[] },
): RouteDocument<M> {
  return build(
    'shadow',
    { champion: options.champion, weights: { [options.champion]: 100 }, shadow: options.shadows },
    options,
  );
}

/**
 * Champion-challenger: `challengerShare` percent of traffic (default 10) split equally among the
 * challengers, the rest to the champion.
 */
export function championChallenger<const M extends string>(
  options: CommonRouteOptions<M> & { champion: M; challengers: readonly M[]; challengerShare?: number },
): RouteDocument<M> {
  const share = options.challengerShare ?? 10;
  if (!(share >= 0 && share <= 100))
    throw new ModelrouteError(
      'invalid_options',
      `championChallenger(): challengerShare must be between 0 and 100, got ${share}`,
    );
  const weights: Record<string, number> = { [options.champion]: 100 - share };
  for (const challenger of options.challengers) weights[challenger] = share / options.challengers.length;
  return build('championChallenger', { champion: options.champion, weights }, options);
}

/** Wraps route documents into a rollout document, ready to write to a file. */
export function rolloutDocument<M extends string>(routes: Record<string, RouteDocument<M>>): RolloutDocument<M> {
  return { routes };
}
