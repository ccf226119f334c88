// Three simulated fraud models. v3 is the stable champion, v4 a better candidate, v5 a worse one
// (more errors and some NaN scores). Deterministic per input, so the demo prints the same every run.

export interface Transaction {
  id: number;
  amount: number;
}

const noise = (n: number, salt: number): number => {
  let h = Math.imul(n ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
};

export const models = {
  'fraud-v3': (tx: Transaction): number => {
    if (noise(tx.id, 3) < 0.01) throw new Error('fraud-v3: feature store timeout');
    return Math.min(1, tx.amount / 10_000);
  },
  'fraud-v4': async (tx: Transaction): Promise<number> => {
    if (noise(tx.id, 4) < 0.008) throw new Error('fraud-v4: feature store timeout');
    return Math.min(1, (tx.amount / 10_000) * 0.9);
  },
  'fraud-v5': async (tx: Transaction): Promise<number> => {
    if (noise(tx.id, 5) < 0.06) throw new Error('fraud-v5: out of memory');
    return noise(tx.id, 55) < 0.03 ? Number.NaN : Math.min(1, tx.amount / 8_000);
  },
};

export type ModelId = keyof typeof models;
