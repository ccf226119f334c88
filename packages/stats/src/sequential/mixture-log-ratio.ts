/**
 * ln Λ for a normal mixture over the effect: with an estimate d of θ whose sampling distribution is
 * N(θ, v) and the mixing distribution θ ~ N(θ₀, τ²) against H₀: θ = θ₀,
 *
 *   Λ = √(v/(v + τ²)) · exp(τ²(d − θ₀)² / (2v(v + τ²))).
 *
 * With v = 2σ²/n this is the two-sample mSPRT of Johari, Pekelis and Walsh; with v = V/n, V =
 * x̄(1 − x̄) + ȳ(1 − ȳ), its Bernoulli form. Kept in logs so that Λ may exceed the double range.
 * @internal
 */
export function mixtureLogRatio(diff: number, diffVariance: number, tau2: number, theta0: number): number {
  const d = diff - theta0;
  const s = diffVariance + tau2;
  return 0.5 * Math.log(diffVariance / s) + (tau2 * d * d) / (2 * diffVariance * s);
}

/** The result of a mixture SPRT at one look. */
export interface MsprtResult {
  /** The mixture likelihood ratio Λ (may be Infinity when ln Λ exceeds about 709). */
  lambda: number;
  /** ln Λ, finite even where Λ overflows. */
  logLambda: number;
  /** min(1, 1/Λ): the always-valid p-value of this look alone (see {@link MsprtMonitor} for the running minimum). */
  pValue: number;
}

/** @internal */
export function resultOf(logLambda: number): MsprtResult {
  return { lambda: Math.exp(logLambda), logLambda, pValue: Math.min(1, Math.exp(-logLambda)) };
}
