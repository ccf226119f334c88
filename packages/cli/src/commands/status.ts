import type { RouteDocument } from '@modelroute/core';
import { resolveGuardConfig, type ResolvedGuardConfig } from '@modelroute/core/spec';
import { CliError } from '../cli-error.js';
import { loadRollout, requireRoute, routeVariants } from '../file/rollout-file.js';
import { routeVersion } from '../history/route-version.js';
import { type AnalysisSnapshot, readAnalysisSnapshot } from '../report/analysis-snapshot.js';
import { formatGate, routeGateStatus, type RouteGateStatus } from './gate-status.js';

/** One variant's line in `status`. */
export interface VariantStatus {
  readonly variant: string;
  /** Its weight in the document; undefined when it takes no weight (a shadow, rollbackTo). */
  readonly weight: number | undefined;
  /** Its share of traffic, 0 to 1. */
  readonly share: number;
  /** champion, rollbackTo, shadow. */
  readonly roles: readonly string[];
  /** The shadow fraction, when it is a shadow. */
  readonly shadowFraction: number | undefined;
}

/** A route as `status` shows it. */
export interface RouteStatus {
  readonly route: string;
  /** The version a router reports for this route (`decision.configVersion`): `version`, else a hash of the route. */
  readonly version: string;
  readonly champion: string;
  readonly rollbackTo: string | undefined;
  readonly variants: readonly VariantStatus[];
  /** The guard with defaults filled in; undefined when the route has no guard. */
  readonly guard: ResolvedGuardConfig | undefined;
  readonly overrides: number;
  /**
   * The promotion gate: the document's settings and, from an analysis snapshot of the route (`--analysis`),
   * whether it is ready, which conditions hold, and the evidence. Undefined when the route has no gate.
   */
  readonly gate: RouteGateStatus | undefined;
}

/** Options of {@link fileStatus}. */
export interface StatusOptions {
  /**
   * Analysis snapshots written by serving processes (`writeAnalysisSnapshot`), at most one per route
   * (`--analysis`, repeatable): each route's gate readiness and evidence come from its own. Default: none.
   */
  readonly analysis?: readonly string[];
}

/** Reads a rollout file and describes its routes (or one); with snapshots, their gates' readiness. */
export async function fileStatus(file: string, route?: string, options: StatusOptions = {}): Promise<RouteStatus[]> {
  const { document } = await loadRollout(file);
  const names = route === undefined ? Object.keys(document.routes) : [route];
  const snapshots = new Map<string, { path: string; value: AnalysisSnapshot }>();
  for (const path of options.analysis ?? []) {
    const value = await readAnalysisSnapshot(path, route);
    if (!Object.hasOwn(document.routes, value.route))
      throw new CliError(1, `${path} is a snapshot of route "${value.route}", which ${file} does not have`);
    if (snapshots.has(value.route))
      throw new CliError(2, `--analysis: two snapshots of route "${value.route}"; pass one per route`);
    snapshots.set(value.route, { path, value });
  }
  return Promise.all(
    names.map((name) => describeRoute(file, name, requireRoute(document, name, file), snapshots.get(name))),
  );
}

async function describeRoute(
  file: string,
  route: string,
  doc: RouteDocument,
  snapshot: { path: string; value: AnalysisSnapshot } | undefined,
): Promise<RouteStatus> {
  const total = Object.values(doc.weights).reduce((a, b) => a + b, 0);
  const variants = routeVariants(doc).map((variant): VariantStatus => {
    const roles: string[] = [];
    if (variant === doc.champion) roles.push('champion');
    if (variant === doc.rollbackTo) roles.push('rollbackTo');
    const shadow = doc.shadow?.find((s) => s.model === variant);
    if (shadow) roles.push('shadow');
    const weight = doc.weights[variant];
    return {
      variant,
      weight,
      share: total > 0 && weight !== undefined ? weight / total : 0,
      roles,
      shadowFraction: shadow?.fraction,
    };
  });
  const version = await routeVersion(doc);
  return {
    route,
    version,
    champion: doc.champion,
    rollbackTo: doc.rollbackTo,
    variants,
    guard: doc.guard === undefined ? undefined : resolveGuardConfig(doc.guard),
    overrides: Object.keys(doc.overrides ?? {}).length,
    gate: await routeGateStatus(file, route, doc, version, snapshot),
  };
}

/** `status` for people: a table per route, then its guard and its gate. */
export function formatStatus(routes: readonly RouteStatus[], file = 'FILE'): string {
  const out: string[] = [];
  for (const r of routes) {
    out.push(`route ${r.route}  (version ${r.version})`);
    const rows = [
      ['variant', 'weight', 'share', 'role'],
      ...r.variants.map((v) => [
        v.variant,
        v.weight === undefined ? '-' : String(v.weight),
        v.weight === undefined ? '-' : `${(v.share * 100).toFixed(1)}%`,
        v.roles
          .map((role) => (role === 'shadow' ? `shadow ${(v.shadowFraction! * 100).toFixed(0)}%` : role))
          .join(', '),
      ]),
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
    for (const row of rows)
      out.push(
        `  ${row
          .map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
          .join('  ')
          .trimEnd()}`,
      );
    if (r.overrides > 0) out.push(`  overrides: ${r.overrides} unit${r.overrides === 1 ? '' : 's'} pinned`);
    out.push(`  guard: ${r.guard === undefined ? 'none (no hard triggers)' : formatGuard(r.guard)}`);
    if (r.gate !== undefined) out.push(...formatGate(r.gate, file, r.route));
    out.push('');
  }
  return out.join('\n');
}

function formatGuard(g: ResolvedGuardConfig): string {
  const parts = [`error rate >= ${g.errorRateRatio}x baseline (floor ${g.minErrorRate})`];
  if (Number.isFinite(g.p99LatencyMs)) parts.push(`p99 > ${g.p99LatencyMs} ms`);
  if (Number.isFinite(g.invalidRate)) parts.push(`invalid > ${g.invalidRate}`);
  parts.push(`window ${g.windowMs} ms, min ${g.minCalls} calls`);
  parts.push(`failover ${g.failover ? 'on' : 'off'}${g.timeoutMs > 0 ? `, timeout ${g.timeoutMs} ms` : ''}`);
  parts.push(
    g.recovery === 'manual' ? 'recovery manual' : `recovery half-open after ${g.cooldownMs} ms, ${g.probeCalls} probes`,
  );
  return parts.join('; ');
}
