import type { RouteDocument } from '@modelroute/core';
import { resolveGuardConfig, type ResolvedGuardConfig } from '@modelroute/core/spec';
import { loadRollout, requireRoute, routeVariants } from '../file/rollout-file.js';
import { routeVersion } from '../history/route-version.js';

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
}

/** Reads a rollout file and describes its routes (or one). */
export async function fileStatus(file: string, route?: string): Promise<RouteStatus[]> {
  const { document } = await loadRollout(file);
  const names = route === undefined ? Object.keys(document.routes) : [route];
  return Promise.all(names.map((name) => describeRoute(name, requireRoute(document, name, file))));
}

async function describeRoute(route: string, doc: RouteDocument): Promise<RouteStatus> {
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
  return {
    route,
    version: await routeVersion(doc),
    champion: doc.champion,
    rollbackTo: doc.rollbackTo,
    variants,
    guard: doc.guard === undefined ? undefined : resolveGuardConfig(doc.guard),
    overrides: Object.keys(doc.overrides ?? {}).length,
  };
}

/** `status` for people: a table per route, then its guard. */
export function formatStatus(routes: readonly RouteStatus[]): string {
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
