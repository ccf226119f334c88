import { StatsError } from '../errors/stats-error.js';
import { openUnit } from '../errors/validate.js';
import { normalUpperQuantile } from '../numerics/normal-quantile.js';

/**
 * Reads `alpha` (default 0.05) and `power` (default 0.8) and returns z₁₋α/₂ and z₁₋β, both from the
 * accurate upper-tail quantile (z₁₋ₚ = Φ⁻¹(1 − p) computed without forming 1 − p).
 * @internal
 */
export function zAlphaBeta(fn: string, opts: Record<string, unknown>): { zAlpha: number; zBeta: number } {
  const alpha =
    opts.alpha === undefined ? 0.05 : openUnit(fn, 'alpha', opts.alpha, 'use a significance level such as 0.05');
  const power = opts.power === undefined ? 0.8 : openUnit(fn, 'power', opts.power, 'use a power such as 0.8');
  const zAlpha = normalUpperQuantile(alpha / 2);
  const beta = 1 - power;
  const zBeta = beta <= 0.5 ? normalUpperQuantile(beta) : -normalUpperQuantile(power);
  if (!(zAlpha + zBeta > 0)) {
    throw new StatsError(
      'invalid_argument',
      'power',
      `${fn}: power must exceed alpha/2 (got power ${power}, alpha ${alpha}); a test cannot be planned for less power than its false-alarm rate`,
    );
  }
  return { zAlpha, zBeta };
}
