import { setTimeout as delay } from 'node:timers/promises';

/** A card transaction to score. `simulate` makes the demo models slow or failing on request. */
export interface Transaction {
  amount: number;
  country: string;
  /**
   * Demo knobs, for trying dashboards and for the end-to-end tests: extra latency (ms, at most 5000) and
   * failure; with `model`, only when that model answers (a failing canary next to a healthy champion).
   */
  simulate?: { delayMs?: number; fail?: boolean; model?: string };
}

/** A fraud score in [0, 1]. */
export interface Score {
  score: number;
}

const MAX_DELAY_MS = 5000;

async function simulate(tx: Transaction, model: string): Promise<void> {
  if (tx.simulate?.model !== undefined && tx.simulate.model !== model) return;
  const ms = Math.min(MAX_DELAY_MS, Math.max(0, Number(tx.simulate?.delayMs ?? 0)));
  if (ms > 0) await delay(ms);
  if (tx.simulate?.fail) throw new Error('simulated model failure');
}

/** Two versions of a made-up fraud model; put your real model calls here. */
export const models = {
  'fraud-v3': async (tx: Transaction): Promise<Score> => {
    await simulate(tx, 'fraud-v3');
    return { score: Math.min(1, tx.amount / 10_000) };
  },
  'fraud-v4': async (tx: Transaction): Promise<Score> => {
    await simulate(tx, 'fraud-v4');
    return { score: Math.min(1, (tx.amount / 8_000) * (tx.country === 'NL' ? 0.8 : 1)) };
  },
};
