import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHasher } from '../assignment/hasher.js';
import { assignIndex, fmix32 } from '../assignment/weighted-rendezvous.js';
import { compileRoute } from '../vocabulary/route-snapshot.js';
import type { ShadowTarget } from '../rollout/schema.js';
import { compileShadowPlan, SHADOW_SALT_PREFIX, unitSampled } from './shadow-plan.js';
import { runnerFixture } from './shadow.test-support.js';

const hash = await loadHasher();
const planOf = (shadow: ShadowTarget[], salt?: string, weights: Record<string, number> = { v3: 100 }) => {
  const snapshot = compileRoute(hash, 'fraud', {
    champion: 'v3',
    weights,
    shadow,
    ...(salt === undefined ? {} : { salt }),
  });
  return { snapshot, plan: compileShadowPlan(hash, snapshot) };
};
// A fraction-0 target is compiled away (no target in the plan): it mirrors no unit.
const mirrored = (plan: ReturnType<typeof planOf>['plan'], unit: string, i = 0) =>
  plan.targets[i] !== undefined && unitSampled(plan.targets[i]!, hash(unit, plan.seed));

describe('shadow targets at fraction 0', () => {
  it('compile to no shadow work: the snapshot keeps only targets that can be sampled', () => {
    const none = planOf([
      { model: 'v5', fraction: 0 },
      { model: 'v6', fraction: 0, sampling: 'unit' },
    ]);
    expect(none.snapshot.shadow).toEqual([]);
    expect(none.plan.targets).toEqual([]);
    const some = planOf([
      { model: 'v5', fraction: 0 },
      { model: 'v6', fraction: 0.5, sampling: 'unit' },
    ]);
    expect(some.plan.targets.map((t) => t.model)).toEqual(['v6']);
    expect(some.snapshot.document.shadow).toHaveLength(2); // the document itself is untouched
  });
});

describe('per-unit shadow sampling', () => {
  it('follows spec v1 exactly (locked vectors)', () => {
    const { plan } = planOf([{ model: 'v5', fraction: 0.5, sampling: 'unit' }], 'fraud-2026-11');
    expect(plan.seed).toBe(hash(`${SHADOW_SALT_PREFIX}fraud-2026-11`, 0));
    expect(plan.targets[0]!.key).toBe(hash('v5', plan.seed));
    for (const unit of ['user-1', 'user-2', 'ü-ñ', '']) {
      const u = fmix32((hash(unit, plan.seed) ^ hash('v5', plan.seed)) >>> 0);
      expect(mirrored(plan, unit)).toBe(u < 0.5 * 2 ** 32);
    }
    // Locked: if these change, every fleet member's shadow population changes with them.
    expect(
      ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6', 'user-7', 'user-8']
        .map((u) => (mirrored(plan, u) ? 1 : 0))
        .join(''),
    ).toBe('11110101');
  });

  it('is deterministic across compilations (every process agrees)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (unit, salt, fraction) => {
          const a = planOf([{ model: 'v5', fraction, sampling: 'unit' }], salt).plan;
          const b = planOf([{ model: 'v5', fraction, sampling: 'unit' }], salt).plan;
          expect(mirrored(a, unit)).toBe(mirrored(b, unit));
        },
      ),
    );
  });

  it('is monotone in the fraction: raising it only adds units', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (unit, f1, f2) => {
          const [lo, hi] = f1 <= f2 ? [f1, f2] : [f2, f1];
          const a = planOf([{ model: 'v5', fraction: lo, sampling: 'unit' }]).plan;
          const b = planOf([{ model: 'v5', fraction: hi, sampling: 'unit' }]).plan;
          if (mirrored(a, unit)) expect(mirrored(b, unit)).toBe(true);
        },
      ),
    );
  });

  it('mirrors the fraction of units, independently of the variant each unit is assigned', () => {
    const { snapshot, plan } = planOf(
      [
        { model: 'v5', fraction: 0.3, sampling: 'unit' },
        { model: 'v6', fraction: 0.5, sampling: 'unit' },
      ],
      'fraud',
      { v3: 50, v4: 50 },
    );
    const n = 40_000;
    const byVariant: Record<string, { units: number; v5: number; both: number; v6: number }> = {
      v3: { units: 0, v5: 0, both: 0, v6: 0 },
      v4: { units: 0, v5: 0, both: 0, v6: 0 },
    };
    for (let i = 0; i < n; i++) {
      const unit = `user-${i}`;
      const variant = snapshot.table.ids[assignIndex(hash, snapshot.table, unit)]!;
      const s = byVariant[variant]!;
      s.units++;
      const m5 = mirrored(plan, unit, 0);
      const m6 = mirrored(plan, unit, 1);
      if (m5) s.v5++;
      if (m6) s.v6++;
      if (m5 && m6) s.both++;
    }
    // 5 standard errors: a correct implementation fails about once in 3 million runs.
    const within = (count: number, total: number, p: number) =>
      Math.abs(count / total - p) < 5 * Math.sqrt((p * (1 - p)) / total);
    for (const s of Object.values(byVariant)) {
      expect(within(s.v5, s.units, 0.3)).toBe(true);
      expect(within(s.v6, s.units, 0.5)).toBe(true);
      expect(within(s.both, s.units, 0.15)).toBe(true); // two targets are independent of each other too
    }
  });

  it('re-randomizes with the salt', () => {
    const a = planOf([{ model: 'v5', fraction: 0.5, sampling: 'unit' }], 'one').plan;
    const b = planOf([{ model: 'v5', fraction: 0.5, sampling: 'unit' }], 'two').plan;
    let same = 0;
    for (let i = 0; i < 2000; i++) if (mirrored(a, `u${i}`) === mirrored(b, `u${i}`)) same++;
    expect(same).toBeGreaterThan(850);
    expect(same).toBeLessThan(1150);
  });

  it("mirrors a unit's session whole or not at all through the runner; calls without a unit are sampled per call", async () => {
    let draws = 0;
    const f = await runnerFixture(
      { v3: (x: number) => x, v5: (x: number) => x },
      [{ model: 'v5', fraction: 0.4, sampling: 'unit' }],
      { random: () => (draws++, 0) },
    );
    const perUnit = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      for (let k = 0; k < 5; k++) {
        const before = f.runner.inFlight;
        f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, `u${i}`);
        perUnit.set(`u${i}`, (perUnit.get(`u${i}`) ?? 0) + (f.runner.inFlight - before));
      }
      f.scheduler.runDeferred();
    }
    const counts = new Set(perUnit.values());
    expect(counts).toEqual(new Set([0, 5]));
    expect(draws).toBe(0); // no randomness for unit calls
    f.runner.maybeMirror(f.snapshot, f.decision(), 1, 1, 1, undefined);
    expect(draws).toBe(1);
  });
});
