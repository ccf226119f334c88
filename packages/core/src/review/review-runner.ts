import { isThenable } from '../vocabulary/is-thenable.js';
import type { Analysis } from '../experiment/analysis.js';
import type { ReviewConfig } from '../rollout/review-schema.js';
import { REVIEW_TRIGGERS, type ReviewCounts } from '../vocabulary/review-counts.js';
import type { ReviewSignal } from '../vocabulary/review-signal.js';
import { resolveReviewConfig } from './review-config.js';
import { RouteReview } from './route-review.js';

/** Per-feature attributions of one prediction, e.g. SHAP values: `{ amount: 0.4, country: -0.1 }`. */
export type Attributions = Readonly<Record<string, number>>;

/** The router options that feed the review; see `RouterOptions.reviewValue` and `RouterOptions.explain`. */
export interface ReviewOptions<I, O> {
  /** Projects an output to the number or label compared for prediction shift. Default: the output itself. */
  reviewValue?: (output: O) => unknown;
  /** Per-feature attributions of a prediction, for attribution shift; run on a sampled fraction, off the caller's path. */
  explain?: (input: I, output: O) => Attributions | Promise<Attributions>;
}

/** What the runner needs from the router: time, how to defer work, and where signals go. */
export interface ReviewRunnerInit<I, O> extends ReviewOptions<I, O> {
  readonly route: string;
  readonly now: () => number;
  /** Runs `fn` after the caller's continuation. Default: `setImmediate`. */
  readonly defer?: (fn: () => void) => void;
  /** Called with every new signal (the router emits `review` and counts it). Must not throw. */
  readonly onSignal: (signal: ReviewSignal) => void;
  /** Called when `explain` throws or rejects (counted and warned once by the router). */
  readonly onExplainError?: (error: unknown) => void;
  /** Uniform random numbers in [0, 1) for sampling which calls to explain. Default: `Math.random`. */
  readonly random?: () => number;
}

// Explain calls in flight at once; a sampled call that finds no room is skipped (sampling already thins them).
const MAX_EXPLAINING = 8;

/**
 * The review concern as the router sees it: one {@link RouteReview} per document version, fed by each
 * valid primary output (projected by `reviewValue`) and, for a sampled fraction of calls, by `explain`
 * run after the caller's continuation. Signals go to `onSignal`; nothing here moves traffic.
 */
export class ReviewRunner<I, O> implements ReviewCounts {
  private readonly signalCounts = new Map<string, Float64Array>();
  private current: RouteReview | undefined;
  private currentVersion: string | undefined;
  private explaining = 0;
  private readonly reviewValue: (output: O) => unknown;
  private readonly defer: (fn: () => void) => void;
  private readonly random: () => number;

  constructor(private readonly init: ReviewRunnerInit<I, O>) {
    this.reviewValue = init.reviewValue ?? ((output) => output);
    this.defer = init.defer ?? ((fn) => setImmediate(fn));
    this.random = init.random ?? Math.random;
  }

  /** A document was applied: a version with a `review` section gets fresh summaries; one without, none. */
  prepare(doc: { version: string; champion: string; review?: ReviewConfig; hasExperiment: boolean }): void {
    if (doc.version === this.currentVersion) return;
    this.currentVersion = doc.version;
    this.current =
      doc.review === undefined
        ? undefined
        : new RouteReview({
            route: this.init.route,
            version: doc.version,
            champion: doc.champion,
            config: resolveReviewConfig(doc.review, doc.hasExperiment),
            now: this.init.now,
            onRaise: (signal) => this.raised(signal),
          });
  }

  /** The call path: one valid primary output. Costs nothing without a `review` section. */
  observe(variant: string, input: I, output: O): void {
    const review = this.current;
    if (review === undefined) return;
    if (review.watchesOutputs) {
      let value: unknown;
      try {
        value = this.reviewValue(output);
      } catch {
        value = undefined; // counted as skipped, like any output that is not a number or label
      }
      review.observeOutput(variant, value);
    }
    const fraction = review.explainFraction;
    if (fraction > 0 && this.init.explain !== undefined && this.explaining < MAX_EXPLAINING && this.random() < fraction)
      this.explainLater(review, variant, input, output);
  }

  /** Raises new metric-regression signals found in an analysis of the version in force. */
  observeAnalysis(analysis: Analysis): void {
    this.current?.observeAnalysis(analysis);
  }

  /** Every signal raised under the version in force, after judging each variant once more. */
  raisedSignals(variants: readonly string[]): ReviewSignal[] {
    return this.current?.signals(variants) ?? [];
  }

  get route(): string {
    return this.init.route;
  }

  bins(): { version: string; variants: ReadonlyMap<string, ArrayLike<number>> } | undefined {
    const variants = this.current?.outputCounts();
    return variants === undefined ? undefined : { version: this.currentVersion!, variants };
  }

  signals(): ReadonlyMap<string, ArrayLike<number>> {
    return this.signalCounts;
  }

  private raised(signal: ReviewSignal): void {
    let counts = this.signalCounts.get(signal.variant);
    if (counts === undefined) {
      counts = new Float64Array(REVIEW_TRIGGERS.length);
      this.signalCounts.set(signal.variant, counts);
    }
    counts[REVIEW_TRIGGERS.indexOf(signal.trigger)]!++;
    this.init.onSignal(signal);
  }

  /** The review of the version in force, for its figures (prediction shift per candidate). */
  get review(): RouteReview | undefined {
    return this.current;
  }

  private explainLater(review: RouteReview, variant: string, input: I, output: O): void {
    this.explaining++;
    this.defer(() => {
      const done = (attributions: unknown): void => {
        this.explaining--;
        if (typeof attributions === 'object' && attributions !== null)
          review.observeAttributions(variant, attributions as Attributions);
      };
      const failed = (error: unknown): void => {
        this.explaining--;
        this.init.onExplainError?.(error);
      };
      try {
        const result = this.init.explain!(input, output);
        if (isThenable(result)) (result as Promise<Attributions>).then(done, failed);
        else done(result);
      } catch (error) {
        failed(error);
      }
    });
  }
}
