import type { Message, NumberRule, NumberShape } from './shape.js';
import { showValue } from './show-value.js';

// Shapes and messages that several sections of the rollout document share.

/** "must be <what>, got <the value>". */
export const must =
  (what: string): Message =>
  (input) =>
    `must be ${what}, got ${showValue(input)}`;

export const number = (message: Message, rules: NumberRule[], description?: string): NumberShape => ({
  kind: 'number',
  message,
  rules,
  ...(description === undefined ? {} : { description }),
});

/** A number from 0 to 1. */
export const fraction = (description: string): NumberShape =>
  number(
    must('a number between 0 and 1'),
    [
      { kind: 'min', value: 0 },
      { kind: 'max', value: 1 },
    ],
    description,
  );

/** A number above 0 (and whatever `more` adds). */
export const positive = (description: string, more: NumberRule[] = []): NumberShape =>
  number(must('a positive number'), [{ kind: 'gt', value: 0 }, ...more], description);

/** A whole number above 0. */
export const positiveInt = (description: string): NumberShape =>
  positive(description, [{ kind: 'int', message: must('a positive integer') }]);
