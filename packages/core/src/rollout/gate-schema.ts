import * as z from 'zod/mini';
import { builtOnce } from './built-once.js';

/**
 * A route's promotion gate (champion-challenger): who may make a challenger the champion. Manual by
 * default: `modelroute promote --approve`, by `approvals` different actors; auto: the controller
 * promotes by itself once the challenger has beaten the champion for `minDays`.
 */
function wholeNumber() {
  const error = 'must be a whole number, 1 or more';
  return z.number({ error }).check(z.int({ error }), z.minimum(1, { error }));
}

export const gateSchema = builtOnce(() =>
  z.strictObject({
    mode: z
      .optional(
        z.enum(['manual', 'auto'], { error: (iss) => `must be "manual" or "auto", got ${JSON.stringify(iss.input)}` }),
      )
      .check(
        z.describe('"manual" (default): a person approves the promotion; "auto": the controller promotes by itself.'),
      ),
    minDays: z
      .optional(
        z
          .number({ error: 'must be a number of days, 0 or more' })
          .check(z.minimum(0, { error: 'must be a number of days, 0 or more' })),
      )
      .check(z.describe('Days the challenger must have beaten the champion before the route is ready (default: 0).')),
    approvals: z
      .optional(wholeNumber())
      .check(z.describe('Different people who must approve a manual promotion (default: 1).')),
    window: z
      .optional(
        z.strictObject({
          buckets: z.optional(wholeNumber()).check(z.describe('Time buckets in the rolling window (default: 7).')),
          bucketMs: z
            .optional(
              z
                .number({ error: 'must be a positive number of milliseconds' })
                .check(z.gt(0, { error: 'must be a positive number of milliseconds' })),
            )
            .check(z.describe('Length of one bucket in milliseconds on the router clock (default: 86400000, a day).')),
        }),
      )
      .check(z.describe('The rolling window the gate compares over (default: 7 daily buckets).')),
  }),
);

export type { GateConfig } from './document.js';
