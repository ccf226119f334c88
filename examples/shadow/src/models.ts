// Simulated fraud models with I/O latency. v3 is the champion that answers every call. v4 is a
// candidate that mostly agrees; v5 a rewrite that is slower, sometimes fails and sometimes hangs.
// Deterministic per input, so the demo prints the same summary on every run (latencies aside).

export interface Transaction {
  id: number;
  amount: number;
}

export interface Score {
  score: number;
  /** Why: a long explanation that the records do not need (see `project` in main.ts). */
  reasons: string[];
}

const noise = (n: number, salt: number): number => {
  let h = Math.imul(n ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
};
const io = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(resolve, ms, value));
const round = (x: number): number => Math.round(x * 1000) / 1000;

export const models = {
  'fraud-v3': (tx: Transaction): Promise<Score> =>
    io(2, { score: round(Math.min(1, tx.amount / 10_000)), reasons: ['amount'] }),
  'fraud-v4': (tx: Transaction): Promise<Score> =>
    io(3, {
      score: round(Math.min(1, tx.amount / 10_000 + (noise(tx.id, 4) < 0.2 ? 0.05 : 0))),
      reasons: ['amount', 'velocity'],
    }),
  'fraud-v5': async (tx: Transaction): Promise<Score> => {
    const roll = noise(tx.id, 5);
    if (roll < 0.03) throw new Error('fraud-v5: feature store unavailable');
    if (roll < 0.04) return new Promise<Score>(() => {}); // hangs: abandoned at the shadow timeout
    return io(20, { score: round(Math.min(1, tx.amount / 8_000)), reasons: ['amount', 'graph', 'device'] });
  },
};
