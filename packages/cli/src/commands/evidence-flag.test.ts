import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseEvidenceFlag } from './evidence-flag.js';

describe('--evidence', () => {
  it('takes JSON as it is', () => {
    expect(parseEvidenceFlag('{"pValue":0.003,"arms":[1,2]}')).toEqual({ pValue: 0.003, arms: [1, 2] });
  });

  it('refuses evidence nested deeper than 100 levels as a usage error that says so (200k levels overflowed the stack)', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => parseEvidenceFlag(deep)).toThrow(InvalidArgumentError);
    expect(() => parseEvidenceFlag(deep)).toThrow(
      'the evidence is nested more than 100 levels deep; give flatter JSON',
    );
    const ok = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(() => parseEvidenceFlag(ok)).not.toThrow();
  });
});
