import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../examples/quickstart/', import.meta.url));

describe('the README demo (examples/quickstart)', () => {
  it('moves a canary through its stages from a rewritten file, keeps users sticky, and exits 0', () => {
    const out = execFileSync('pnpm', ['start'], { cwd: example, encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('stage 5: canary 100%  (document stage-5)');
    expect(out).toMatch(/fraud-v4\s+100\.0%/);
    expect(out).toMatch(/of (\d+) users in the canary at 5%, \1 are in it at 20% and \1 at 50%/);
    expect(out).toContain('users who left the canary when it grew from 20% to 50%: 0');
    expect(out).toMatch(/time per call: [\d.]+ µs routed/);
  });
});
