import * as z from 'zod';

/**
 * A route's promotion gate (champion-challenger): who may make a challenger the champion. Manual by
 * default: `modelroute promote --approve`, by `approvals` different actors; auto: the controller
 * promotes by itself once the challenger has beaten the champion for `minDays`.
 */
export const gateSchema = z
  .object({
    mode: z
      .enum(['manual', 'auto'], { error: (iss) => `must be "manual" or "auto", got ${JSON.stringify(iss.input)}` })
      .optional()
      .describe('"manual" (default): a person approves the promotion; "auto": the controller promotes by itself.'),
    minDays: z
      .number({ error: 'must be a number of days, 0 or more' })
      .min(0, { error: 'must be a number of days, 0 or more' })
      .optional()
      .describe('Days the challenger must have beaten the champion before the route is ready (default: 0).'),
    approvals: z
      .number({ error: 'must be a whole number, 1 or more' })
      .int({ error: 'must be a whole number, 1 or more' })
      .min(1, { error: 'must be a whole number, 1 or more' })
      .optional()
      .describe('Different people who must approve a manual promotion (default: 1).'),
    window: z
      .object({
        buckets: z
          .number({ error: 'must be a whole number, 1 or more' })
          .int({ error: 'must be a whole number, 1 or more' })
          .min(1, { error: 'must be a whole number, 1 or more' })
          .optional()
          .describe('Time buckets in the rolling window (default: 7).'),
        bucketMs: z
          .number({ error: 'must be a positive number of milliseconds' })
          .gt(0, { error: 'must be a positive number of milliseconds' })
          .optional()
          .describe('Length of one bucket in milliseconds on the router clock (default: 86400000, a day).'),
      })
      .strict()
      .optional()
      .describe('The rolling window the gate compares over (default: 7 daily buckets).'),
  })
  .strict();

export type { GateConfig } from './document.js';
