import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../examples/ab-test/', import.meta.url));

describe('the A/B test example (examples/ab-test)', () => {
  it('trains two iris models, tracks late labels as outcomes and prints the live analysis until a verdict', () => {
    const out = execFileSync('pnpm', ['start'], { cwd: example, encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(
      /after 250 visitors \(SRM p [\d.e-]+\):\n {4}correct: sepal-centroid 0\.\d+ \(n \d+\) vs gaussian-nb/,
    );
    expect(out).toContain('true-class-probability: sepal-centroid');
    expect(out).toMatch(
      /verdict after \d+ visitors: gaussian-nb is better than sepal-centroid on accuracy: [\d.]+ points/,
    );
  });
});
