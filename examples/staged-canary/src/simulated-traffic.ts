// Seeded simulated users: each call is a new user whose revenue (the primary metric) is drawn from the
// model's own distribution. No model ever errors: only the statistics can tell a worse one apart.

/** mulberry32: a small seeded generator, enough for a demo. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A normal draw (Box-Muller). */
export function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Mean revenue per user of each model; ranker-v3 is 3% worse than the champion and never errors. */
export const MEAN_REVENUE: Readonly<Record<string, number>> = { 'ranker-v1': 10, 'ranker-v2': 10, 'ranker-v3': 9.7 };
export const REVENUE_SD = 3;
