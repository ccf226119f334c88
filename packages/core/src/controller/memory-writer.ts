import { systemClock, type Clock } from '../clock/clock.js';
import { ModelrouteError } from '../errors/modelroute-error.js';
import type { RolloutDocument, RouteDocument } from '../rollout/schema.js';
import { validateRolloutDocument } from '../rollout/validate.js';
import type { MemorySource } from '../sources/memory-source.js';
import type { StageDecision } from './decide-stage.js';
import type { GateEvidence } from '../gate/evaluate-gate.js';
import type { RolloutWriter, StageWriteRequest, WriteRequest } from './rollout-writer.js';

/** One decision a {@link memoryWriter} recorded: a staged rollout's (`evidence`: the decision) or the gate's promotion. */
export type MemoryHistoryEntry = {
  /** When, on the writer's clock (ms). */
  readonly at: number;
  readonly route: string;
  readonly actor: string;
  readonly reason: string;
  /** The route document before and after (the same for a note). */
  readonly before: RouteDocument;
  readonly after: RouteDocument;
} & (
  | { readonly command: StageWriteRequest['command']; readonly evidence: StageDecision }
  | { readonly command: 'promote'; readonly evidence: GateEvidence }
);

/** Options of {@link memoryWriter}. */
export interface MemoryWriterOptions {
  /** The source the routers read: every write is delivered to it. */
  readonly source: MemorySource;
  /** The rollout document the source holds now. */
  readonly document: RolloutDocument;
  /** Timestamps of the history. Default: the system clock (pass the controller's). */
  readonly clock?: Clock;
}

/** A {@link RolloutWriter} in memory, with its history: for tests, demos and single-process services. */
export interface MemoryWriter extends RolloutWriter {
  /** The rollout document as last written. */
  readonly document: RolloutDocument;
  /** Every change and note, oldest first. */
  readonly history: readonly MemoryHistoryEntry[];
}

const lastOf = (history: readonly MemoryHistoryEntry[], route: string): MemoryHistoryEntry | undefined => {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.route === route) return history[i];
  return undefined;
};

// A hold is noted once per document version and reason, not at every tick.
const sameNote = (a: MemoryHistoryEntry | undefined, request: WriteRequest): boolean =>
  a !== undefined &&
  a.command !== 'promote' &&
  request.command !== 'promote' &&
  a.command === request.command &&
  a.evidence.code === request.evidence.code &&
  a.evidence.evidence.version === request.evidence.evidence.version;

/**
 * Writes a controller's decisions into a {@link MemorySource}: validates the edited document (an invalid
 * one is refused with a `ModelrouteError`, `invalid_document`), delivers it, and records the decision
 * (a staged rollout's, or the gate's `promote` with its evidence).
 */
export function memoryWriter(options: MemoryWriterOptions): MemoryWriter {
  const clock = options.clock ?? systemClock;
  let document = options.document;
  const history: MemoryHistoryEntry[] = [];
  const changedAt = new Map<string, number>();
  return {
    get document() {
      return document;
    },
    history,
    async write(request) {
      const before = document.routes[request.route];
      if (before === undefined)
        throw new ModelrouteError('invalid_options', `memoryWriter: the document has no route "${request.route}"`);
      const after = request.edit === undefined ? before : request.edit(structuredClone(before));
      const changed = !process.getBuiltinModule('node:util').isDeepStrictEqual(before, after);
      if (!changed && (request.edit !== undefined || sameNote(lastOf(history, request.route), request)))
        return { changed: false };
      if (changed) {
        const next = { ...document, routes: { ...document.routes, [request.route]: after } };
        const checked = validateRolloutDocument(next);
        if (!checked.ok)
          throw new ModelrouteError(
            'invalid_document',
            `memoryWriter: refused an invalid document: ${checked.problems.join('; ')}`,
            {
              details: checked.problems,
            },
          );
        document = checked.value;
        changedAt.set(request.route, clock.now());
        options.source.set(document);
      }
      const entry = {
        at: clock.now(),
        route: request.route,
        actor: request.actor,
        reason: request.reason,
        before,
        after,
      };
      history.push(
        request.command === 'promote'
          ? { ...entry, command: request.command, evidence: request.evidence }
          : { ...entry, command: request.command, evidence: request.evidence },
      );
      return { changed };
    },
    async lastChange(route) {
      return changedAt.get(route);
    },
  };
}
