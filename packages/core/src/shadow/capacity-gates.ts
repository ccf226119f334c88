import type { Model } from '../vocabulary/model.js';

interface Gate {
  readonly capacity: () => number;
  /** Copies queued for the model and not started yet: room the model has promised them. */
  queued: number;
}

/**
 * The models that report their free room (`Model.capacity`, e.g. a `workerModel`), each with the shadow
 * copies queued for it and not started yet. Copies start after the caller's continuation, so the callers
 * of one event-loop turn all find the same room: counting the queued copies keeps them from queueing more
 * copies than the model will take. A router without such models pays a size check per copy.
 */
export class CapacityGates {
  private readonly gates = new Map<string, Gate>();

  constructor(
    models: Readonly<Record<string, Pick<Model<never, unknown>, 'capacity'>>>,
    private readonly onFailure: (error: unknown) => void,
  ) {
    for (const [id, model] of Object.entries(models))
      if (typeof model.capacity === 'function') this.gates.set(id, { capacity: model.capacity, queued: 0 });
  }

  /** Whether a copy for `model` may be queued; when it may, it is counted queued until {@link release}. */
  admit(model: string): boolean {
    if (this.gates.size === 0) return true;
    const gate = this.gates.get(model);
    if (gate === undefined) return true;
    let room: number;
    try {
      room = gate.capacity();
    } catch (error) {
      this.onFailure(error);
      room = Number.POSITIVE_INFINITY;
    }
    if (gate.queued >= room) return false;
    gate.queued++;
    return true;
  }

  /** A copy admitted for `model` started, or was discarded before it started. */
  release(model: string): void {
    if (this.gates.size === 0) return;
    const gate = this.gates.get(model);
    if (gate !== undefined && gate.queued > 0) gate.queued--;
  }
}
