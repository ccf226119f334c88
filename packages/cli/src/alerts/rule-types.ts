import type { RouteDocument } from '@modelroute/core';
import type { ResolvedGuardConfig } from '@modelroute/core/spec';
import type { RouteSeries } from './route-series.js';

/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  /** Labels set on the recorded series (the route's own, so that routes sharing a window have distinct rules). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires, a Prometheus duration (`1m`). */
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One rule group: Prometheus evaluates a group's rules in order, so recorded series are fresh for the alerts after them. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: ReadonlyArray<RecordingRule | AlertingRule>;
}

/** What a rule producer knows about one route of the rollout document. */
export interface RouteRuleContext {
  readonly route: string;
  readonly doc: RouteDocument;
  /** The route's `guard` with its defaults filled in, or undefined when the route has none. */
  readonly guard: ResolvedGuardConfig | undefined;
  /** The recorded series of the route (summed across instances over the guard's window) and PromQL helpers. */
  readonly series: RouteSeries;
  /** The `for:` of every alert (default `1m`). */
  readonly for: string;
}

/**
 * Makes the alerting rules of one route. The hard triggers (`hardTriggerRules`) are one producer: they
 * page and roll back (`severity: page`, `action: rollback`). Soft signals (review) belong in a producer of
 * their own that returns `severity: ticket` rules without `action`, so `serve-alerts` never acts on them:
 * add it to `RULE_PRODUCERS` in alert-rules.ts. A producer returns [] for a route it has nothing to say about.
 */
export type RuleProducer = (context: RouteRuleContext) => readonly AlertingRule[];
