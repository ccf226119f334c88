import { promoteRoute, type RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { type ChangeOptions, type ChangeResult, changeRouteLocked } from '../file/change-file.js';
import { withFileLock } from '../file/file-lock.js';
import { resolveActor } from '../file/resolve-actor.js';
import { loadRollout, requireRoute } from '../file/rollout-file.js';
import { appendHistory } from '../history/append-history.js';
import { readHistory } from '../history/read-history.js';
import { requireRegistered } from '../registry/model-registry.js';
import { requireKnown } from './require-known.js';
import { describeChange } from './weights-summary.js';

/** Options of {@link promoteFile}. */
export interface PromoteOptions extends ChangeOptions {
  /**
   * Allow a model the route does not name yet, or one missing from the model registry (`--force`,
   * recorded in the history). Default: false: such a name is refused (exit 1).
   */
  force?: boolean;
  /**
   * Approve the promotion as `actor` (`--approve`), with `evidence`. Required when the route's
   * `gate.approvals` is above 1: each approval is recorded, and the promotion happens at the last one.
   * Default: false.
   */
  approve?: boolean;
  /** The model registry (`--registry`). Default: `modelroute-registry.json` beside the file, if it exists. */
  registry?: string;
  /**
   * Promote only if this is still the route's champion (`--expect-champion`), checked under the file's lock:
   * two operators who promote at once cannot silently demote each other's champion, the second is refused.
   * An approval (`--approve`) is checked too. Default: no check.
   */
  expectChampion?: string;
}

/** What `promote` did: the change, or an approval recorded while more are needed. */
export interface PromoteResult extends ChangeResult {
  /** Approvals given so far for this promotion, and how many the gate needs (1 without a gate). */
  readonly approvals: number;
  readonly required: number;
}

/** The new champion takes the old champion's weight with its own; the others keep theirs (core's `promoteRoute`). */
function promote(doc: RouteDocument, route: string, variant: string, force: boolean | undefined): RouteDocument {
  requireKnown(doc, route, variant, force);
  return promoteRoute(doc, variant);
}

/**
 * Makes `variant` the champion of `route`: it takes the old champion's weight on top of its own, the
 * other challengers keep theirs, and the old champion becomes `rollbackTo` (where the guard sends
 * traffic if the new champion trips) with weight 0. A model promoted from the route's shadows leaves
 * them; promoting a staged rollout's candidate ends the rollout (its `stages` go). With `gate.approvals: n` (n > 1), `n` different actors must `approve`: each approval is a
 * history entry (since the route's last change), and the last one promotes, with every approval as
 * its evidence; the same actor twice is refused.
 */
export async function promoteFile(
  file: string,
  route: string,
  variant: string,
  options: PromoteOptions = {},
): Promise<PromoteResult> {
  const forced = await requireRegistered(file, [variant], options);
  return withFileLock(file, async () => {
    const doc = requireRoute((await loadRollout(file)).document, route, file);
    if (options.expectChampion !== undefined && doc.champion !== options.expectChampion)
      throw new CliError(
        1,
        `refused: route "${route}" has champion "${doc.champion}", not "${options.expectChampion}" (it changed since you looked); check with \`modelroute status ${file}\`, then promote again with --expect-champion ${doc.champion}`,
      );
    const required = doc.gate?.approvals ?? 1;
    const change = (evidence: unknown, now = options.now) =>
      changeRouteLocked(file, route, 'promote', (d) => promote(d, route, variant, options.force), describeChange, {
        ...options,
        now,
        evidence,
        forced: [...(options.forced ?? []), ...forced],
      });
    if (!options.approve) {
      if (required > 1)
        throw new CliError(
          1,
          `refused: route "${route}" has a gate that needs ${required} approvals; each approver runs \`modelroute promote ${file} ${route} ${variant} --approve\``,
        );
      return { ...(await change(options.evidence)), approvals: 0, required };
    }
    requireKnown(doc, route, variant, options.force);
    const actor = resolveActor(options.actor);
    const at = (options.now?.() ?? new Date()).toISOString();
    const given = await pendingApprovals(file, route, variant);
    if (given.some((a) => a.actor === actor))
      throw new CliError(
        1,
        `refused: ${actor} has already approved promoting ${variant} on route "${route}"; the gate needs ${required} different approvers`,
      );
    const mine = approval(actor, at, options.reason, options.evidence);
    const approvals = [...given, mine];
    if (approvals.length >= required)
      return { ...(await change({ approvals }, () => new Date(at))), approvals: approvals.length, required };
    const summary = `${route}: approval ${approvals.length} of ${required} to promote ${variant} (by ${actor})`;
    await appendHistory({
      at,
      actor,
      action: 'approve',
      file,
      reason: options.reason,
      evidence: options.evidence,
      forced: forced.length > 0 ? forced : undefined,
      approval: { route, variant },
      summary,
      routes: { [route]: { before: doc, after: doc } },
    });
    return {
      file,
      command: 'approve',
      route,
      changed: false,
      before: doc,
      after: doc,
      summary,
      approvals: approvals.length,
      required,
    };
  });
}

/** One approval of a promotion, as the history's `evidence.approvals` records it. */
export interface Approval {
  readonly actor: string;
  /** ISO 8601. */
  readonly at: string;
  readonly reason?: string;
  /** What the approver saw: the gate's evidence. */
  readonly evidence?: unknown;
}

/**
 * One approval as recorded: a person's (`promote --approve`) or, in `gate.mode: "auto"`, the controller's
 * with the gate's evidence (`fileWriter`). A promotion's history entry holds `{ approvals: [...] }`.
 */
export const approval = (actor: string, at: string, reason?: string, evidence?: unknown): Approval => ({
  actor,
  at,
  ...(reason ? { reason } : {}),
  ...(evidence !== undefined ? { evidence } : {}),
});

/** The approvals to promote `variant` on `route` recorded since the route last changed (oldest first). */
export async function pendingApprovals(file: string, route: string, variant: string): Promise<Approval[]> {
  const approvals: Approval[] = [];
  for (const e of await readHistory(file)) {
    const change = e.changes[route];
    if (change === undefined) continue;
    if (change.diff.length > 0)
      approvals.length = 0; // the route changed: earlier approvals were for another route
    else if (e.approval?.route === route && e.approval.variant === variant)
      approvals.push(approval(e.actor, e.at, e.reason, e.evidence));
  }
  return approvals;
}
