import type { NumberShape, ObjectShape } from './shape/shape.js';
import { optional } from './shape/shape.js';
import { must } from './shape/common-shapes.js';

/**
 * A route's promotion gate (champion-challenger): who may make a challenger the champion. Manual by
 * default: `modelroute promote --approve`, by `approvals` different actors; auto: the controller
 * promotes by itself once the challenger has beaten the champion for `minDays`.
 */
const wholeNumber: NumberShape = {
  kind: 'number',
  message: () => 'must be a whole number, 1 or more',
  rules: [{ kind: 'int' }, { kind: 'min', value: 1 }],
};

export const gateShape = {
  kind: 'object',
  keys: {
    mode: optional(
      {
        kind: 'enum',
        values: ['manual', 'auto'],
        message: must('"manual" or "auto"'),
      },
      '"manual" (default): a person approves the promotion; "auto": the controller promotes by itself.',
    ),
    minDays: optional(
      { kind: 'number', message: () => 'must be a number of days, 0 or more', rules: [{ kind: 'min', value: 0 }] },
      'Days the challenger must have beaten the champion before the route is ready (default: 0).',
    ),
    approvals: optional(wholeNumber, 'Different people who must approve a manual promotion (default: 1).'),
    window: optional(
      {
        kind: 'object',
        keys: {
          buckets: optional(wholeNumber, 'Time buckets in the rolling window (default: 7).'),
          bucketMs: optional(
            {
              kind: 'number',
              message: () => 'must be a positive number of milliseconds',
              rules: [{ kind: 'gt', value: 0 }],
            },
            'Length of one bucket in milliseconds on the router clock (default: 86400000, a day).',
          ),
        },
      },
      'The rolling window the gate compares over (default: 7 daily buckets).',
    ),
  },
} satisfies ObjectShape;

export type { GateConfig } from './document.js';
