import type { HistoryEntry } from '../history/history-entry.js';
import { replay } from '../history/replay.js';

/** One history entry of a route, with the route as it left it. */
export interface TimelineEntry {
  readonly seq: number;
  /** Epoch ms. */
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly reason: string | undefined;
  readonly summary: string;
  readonly evidence: unknown;
  /** Set on an approval of a promotion (it changes nothing). */
  readonly approval: { readonly variant: string } | undefined;
  /** The weights after the entry; undefined when the route was removed or is not a route document. */
  readonly weights: Readonly<Record<string, number>> | undefined;
  readonly champion: string | undefined;
  /** The route's `stages`, when it has them: the candidate and its steps' weights. */
  readonly stages: { readonly candidate: string; readonly steps: readonly number[] } | undefined;
  /** The document version routers report after it, when the entry knows it. */
  readonly version: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function stagesOf(doc: Record<string, unknown>): TimelineEntry['stages'] {
  const s = doc.stages;
  if (!isObject(s) || typeof s.candidate !== 'string' || !Array.isArray(s.steps)) return undefined;
  return { candidate: s.candidate, steps: s.steps.map((step) => Number(isObject(step) ? step.weight : NaN)) };
}

/**
 * The entries of a history that concern `route` (its changes and the approvals of its promotions),
 * oldest first, each with the weights it left: one replay of the history, however long (unverified:
 * `modelroute audit verify` checks the chain).
 */
export function routeTimeline(entries: readonly HistoryEntry[], route: string): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  replay(entries, undefined, {
    verify: false,
    after: (entry, states) => {
      const change = entry.changes[route];
      if (change === undefined && entry.approval?.route !== route) return;
      const doc = states.get(route);
      const weights = isObject(doc) && isObject(doc.weights) ? (doc.weights as Record<string, number>) : undefined;
      timeline.push({
        seq: entry.seq,
        at: Date.parse(entry.at),
        actor: entry.actor,
        action: entry.action,
        reason: entry.reason,
        summary: entry.summary,
        evidence: entry.evidence,
        approval: entry.approval?.route === route ? { variant: entry.approval.variant } : undefined,
        weights,
        champion: isObject(doc) && typeof doc.champion === 'string' ? doc.champion : undefined,
        stages: isObject(doc) ? stagesOf(doc) : undefined,
        version: change?.version,
      });
    },
  });
  return timeline;
}
