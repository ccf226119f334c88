import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../examples/quickstart/', import.meta.url));

describe('the README demo (examples/quickstart)', () => {
  it('moves a canary through its stages, trips the bad challenger, rolls back in one command, keeps users sticky, exits 0', () => {
    const out = execFileSync('pnpm', ['start'], { cwd: example, encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('stage 5: canary 100%  (document stage-5)');
    expect(out).toMatch(/fraud-v4\s+100\.0%/);
    expect(out).toMatch(/of (\d+) users in the canary at 5%, \1 are in it at 20% and \1 at 50%/);
    expect(out).toContain('users who left the canary when it grew from 20% to 50%: 0');
    expect(out).toMatch(/time per call: [\d.]+ µs routed/);
    // The breaker: fraud-v5 (errors, NaN scores) is taken out in stage 2, its share redirected to the
    // champion, and the one-command rollback sends everything to the champion, which the router applies.
    expect(out).toMatch(
      /stage 2: [^\n]*\n {2}trip: the guard took fraud-v5 out of traffic \(invalid_rate [\d.]+% >= 2\.0%[^\n]*its traffic goes to fraud-v3/,
    );
    expect(out).toMatch(/guard: [1-5]\.\d% of this stage's calls were redirected to the champion by the guard/);
    expect(out).toContain('$ modelroute rollback rollout.json fraud-score --reason "guard tripped fraud-v5"');
    expect(out).toContain('rolled back: fraud-score: weights fraud-v3 90 -> 100, fraud-v4 5 -> 0, fraud-v5 5 -> 0');
    expect(out).toContain('applied by the router: fraud-v3 100, fraud-v4 0, fraud-v5 0');
  });
});
