import type { NumberShape } from './shape/shape.js';
import { must } from './shape/common-shapes.js';

/**
 * The smallest weight above 0 that a rollout document may give. With weights from {@link WEIGHT_MIN} to
 * {@link WEIGHT_MAX} every score `w / -ln(u)` and every sum of weights is a normal, finite double, so an
 * accepted document routes by its ratios alone (spec/HASH-SPEC.md, "Weights").
 */
export const WEIGHT_MIN = 1e-9;
/** The largest weight a rollout document may give; see {@link WEIGHT_MIN}. */
export const WEIGHT_MAX = 1e9;

const message = must(
  `0 or a number from ${WEIGHT_MIN} to ${WEIGHT_MAX} (only the ratios matter: scale the weights into this range)`,
);

/** A weight: 0 (no traffic) or a number from {@link WEIGHT_MIN} to {@link WEIGHT_MAX}. One rule, so one message per weight. */
export const weightShape: NumberShape = {
  kind: 'number',
  message,
  rules: [{ kind: 'refine', test: (w) => w === 0 || (w >= WEIGHT_MIN && w <= WEIGHT_MAX) }],
  json: { anyOf: [{ const: 0 }, { minimum: WEIGHT_MIN, maximum: WEIGHT_MAX }] },
};
