/** The soft triggers: each raises a signal for a person and never moves traffic. */
export type ReviewTrigger = 'prediction_shift' | 'metric_regression' | 'attribution_shift';

/** A soft trigger raised for one candidate against the champion: the `review` event's payload. */
export interface ReviewSignal {
  readonly route: string;
  /** The candidate. */
  readonly variant: string;
  /** The champion it was compared with. */
  readonly against: string;
  readonly trigger: ReviewTrigger;
  /** The document version whose traffic the figures come from. */
  readonly version: string;
  /** When it was raised, on the router's clock (ms). */
  readonly at: number;
  /** The figures behind it, e.g. `{ psi, jsDistance, predictions }` or `{ rankCorrelation, missingTopFeatures }`. */
  readonly figures: Readonly<Record<string, number | string | readonly string[]>>;
  /** One line for people. */
  readonly message: string;
}
