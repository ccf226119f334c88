import type { RouteDocument } from '../rollout/schema.js';

/** Emitted when a route document is applied: the next call uses it. */
export interface AppliedEvent {
  readonly route: string;
  readonly version: string;
  readonly document: RouteDocument;
  /** The previous version, if any. */
  readonly previousVersion: string | undefined;
  /** Which source delivered it, e.g. `file:/etc/rollout.json`. */
  readonly origin: string;
}

/** Emitted when a value from the source is not applied. The router keeps what it had. */
export interface RejectedEvent {
  readonly route: string;
  /** One line for people: every problem, joined. */
  readonly reason: string;
  /** Each problem as `path: reason`. */
  readonly problems: readonly string[];
  /** The version still in force, or undefined when the router is on its fallback. */
  readonly keptVersion: string | undefined;
  readonly origin: string;
}

/** The router's events and their payloads. */
export interface RouterEvents {
  applied: (event: AppliedEvent) => void;
  rejected: (event: RejectedEvent) => void;
}
