import type { GateEvidence, GateStatus, RouteDocument } from '@modelroute/core';
import type { AnalysisSnapshot } from '../report/analysis-snapshot.js';
import { type Approval, pendingApprovals } from './promote.js';

/** One of the gate's conditions, as `status` shows it. */
export interface GateCondition {
  readonly condition: 'concurrent_traffic' | 'min_days' | 'p_value' | 'lift' | 'guardrail' | 'checkpoints';
  readonly holds: boolean;
  /** The figures, in words. */
  readonly detail: string;
}

/**
 * Where a route's readiness comes from: `snapshot` (an analysis snapshot with gate data), `no_snapshot`
 * (no `--analysis` for this route), `no_gate_data` (a snapshot written without gate data), or
 * `no_gate_in_process` (the process that wrote it had no gate for the route).
 */
export type GateReadiness = 'ready' | 'not_ready' | 'no_snapshot' | 'no_gate_data' | 'no_gate_in_process';

/** A route's promotion gate in `status`: the document's settings and, from a snapshot, readiness with evidence. */
export interface RouteGateStatus {
  readonly mode: 'manual' | 'auto';
  readonly minDays: number;
  /** Different approvers a manual promotion needs. */
  readonly approvalsRequired: number;
  readonly readiness: GateReadiness;
  /** The snapshot read: its path, time, the version it judged, and whether that is the file's version now. */
  readonly snapshot?: {
    readonly path: string;
    readonly at: string;
    readonly version: string | null;
    readonly current: boolean;
  };
  /** The gate's reason, in words. */
  readonly reason?: string;
  /** The ready challenger, else the closest one (largest lift). */
  readonly challenger?: string;
  readonly conditions: readonly GateCondition[];
  readonly evidence?: GateEvidence;
  /** Approvals recorded for promoting `challenger` since the route last changed (`promote --approve`). */
  readonly approvals: readonly Approval[];
}

const num = (x: number | null | undefined, digits = 3): string =>
  typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : 'n/a';
const pct = (x: number | null | undefined): string =>
  typeof x === 'number' && Number.isFinite(x) ? `${num(x * 100)}%` : 'n/a';

/** Each gate condition over the evidence of one challenger, with its figures. */
export function gateConditions(e: GateEvidence): GateCondition[] {
  const passed = e.checkpoints.filter((c) => c.passed).length;
  return [
    {
      condition: 'concurrent_traffic',
      holds: e.concurrentBuckets > 0,
      detail: `${e.concurrentBuckets} bucket(s) with both; n ${e.n.champion} ${e.champion} / ${e.n.challenger} ${e.challenger}`,
    },
    {
      condition: 'min_days',
      holds: e.days >= e.minDays,
      detail: `${num(e.days)} day(s) of concurrent traffic, minDays ${e.minDays}`,
    },
    {
      condition: 'p_value',
      holds: typeof e.alwaysValidPValue === 'number' && e.alwaysValidPValue < e.alpha,
      detail: `"${e.metric}" always-valid p ${num(e.alwaysValidPValue)}, alpha ${e.alpha}`,
    },
    {
      condition: 'lift',
      holds: typeof e.lift === 'number' && e.lift >= e.mde,
      detail: `lift ${pct(e.lift)}, MDE ${pct(e.mde)}`,
    },
    ...e.guardrails.map(
      (g): GateCondition => ({
        condition: 'guardrail',
        holds: g.passed,
        detail: `guardrail "${g.metric}": worst difference ${num(g.worstDifference)}, margin ${num(g.margin)}`,
      }),
    ),
    {
      condition: 'checkpoints',
      holds: passed === e.checkpoints.length && e.checkpoints.length > 0,
      detail: `held at ${passed} of ${e.checkpoints.length} checkpoint(s) over minDays`,
    },
  ];
}

/** The candidate `status` reports: the ready one, else the one with the largest lift. */
function closest(status: GateStatus): GateEvidence | undefined {
  if (status.evidence !== undefined) return status.evidence;
  return [...status.candidates].sort((a, b) => (b.evidence.lift ?? -Infinity) - (a.evidence.lift ?? -Infinity))[0]
    ?.evidence;
}

/** The gate of `route` as the file sets it and, with a snapshot of the route, as its process judged it. */
export async function routeGateStatus(
  file: string,
  route: string,
  doc: RouteDocument,
  version: string,
  snapshot: { path: string; value: AnalysisSnapshot } | undefined,
): Promise<RouteGateStatus | undefined> {
  const gate = doc.gate;
  if (gate === undefined) return undefined;
  const base = { mode: gate.mode ?? 'manual', minDays: gate.minDays ?? 0, approvalsRequired: gate.approvals ?? 1 };
  if (snapshot === undefined) return { ...base, readiness: 'no_snapshot', conditions: [], approvals: [] };
  const { path, value } = snapshot;
  const seen = { path, at: value.at, version: value.version, current: value.version === version };
  if (value.gate === undefined)
    return { ...base, snapshot: seen, readiness: 'no_gate_data', conditions: [], approvals: [] };
  if (value.gate === null)
    return { ...base, snapshot: seen, readiness: 'no_gate_in_process', conditions: [], approvals: [] };
  const evidence = closest(value.gate);
  return {
    ...base,
    snapshot: seen,
    readiness: value.gate.ready ? 'ready' : 'not_ready',
    reason: value.gate.reason,
    ...(evidence === undefined ? {} : { challenger: evidence.challenger, evidence }),
    conditions: evidence === undefined ? [] : gateConditions(evidence),
    approvals: evidence === undefined ? [] : await pendingApprovals(file, route, evidence.challenger),
  };
}

/** The gate's lines under a route in `status`. */
export function formatGate(g: RouteGateStatus, file: string, route: string): string[] {
  const head = `  gate: ${g.mode}, minDays ${g.minDays}${g.mode === 'manual' ? `, ${g.approvalsRequired} approval(s)` : ''}`;
  const where = g.snapshot === undefined ? '' : ` (snapshot ${g.snapshot.path} at ${g.snapshot.at})`;
  switch (g.readiness) {
    case 'no_snapshot':
      return [
        head,
        '    readiness: unknown from the file alone; pass --analysis SNAPSHOT, written by the serving process with writeAnalysisSnapshot(router, path)',
      ];
    case 'no_gate_data':
      return [
        head,
        `    readiness: no gate data${where}; write a new snapshot with writeAnalysisSnapshot(router, path)`,
      ];
    case 'no_gate_in_process':
      return [head, `    readiness: the process had no gate for this route${where}`];
  }
  const out = [head, `    ${g.readiness === 'ready' ? 'READY' : 'not ready'}${where}: ${g.reason}`];
  if (g.snapshot !== undefined && !g.snapshot.current)
    out.push(`    the snapshot judged version ${g.snapshot.version}, not the file's: it may be out of date`);
  for (const c of g.conditions) out.push(`    [${c.holds ? 'x' : ' '}] ${c.detail}`);
  if (g.mode === 'manual' && g.challenger !== undefined) {
    const who = g.approvals.map((a) => `${a.actor} at ${a.at}`).join(', ');
    out.push(`    approvals: ${g.approvals.length} of ${g.approvalsRequired}${who ? ` (${who})` : ''}`);
    if (g.readiness === 'ready')
      out.push(`    next: modelroute promote ${file} ${route} ${g.challenger} --approve --reason "..."`);
  } else if (g.readiness === 'ready') out.push('    next: the controller promotes it (gate.mode "auto")');
  return out;
}
