import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import type { ShadowRecord } from './shadow-record.js';

const doc = { routes: { r: { champion: 'a', weights: { a: 1 }, shadow: [{ model: 's', fraction: 1 }] } } };
const hmac = (key: string, unit: string): string => createHmac('sha256', key).update(unit, 'utf8').digest('hex');

let warnings: Array<{ message: string; code?: string }> = [];
const onWarning = (w: Error & { code?: string }): void => void warnings.push({ message: w.message, code: w.code });
const saved = process.env.MODELROUTE_PSEUDONYM_KEY;
beforeEach(() => {
  warnings = [];
  delete process.env.MODELROUTE_PSEUDONYM_KEY;
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
  if (saved === undefined) delete process.env.MODELROUTE_PSEUDONYM_KEY;
  else process.env.MODELROUTE_PSEUDONYM_KEY = saved;
});

async function recordsOf(
  extra: Record<string, unknown> = {},
  shadow: Record<string, unknown> = {},
): Promise<ShadowRecord[]> {
  const records: ShadowRecord[] = [];
  const router = await createRouter({
    route: 'r',
    models: { a: (x: number) => x, s: (x: number) => x },
    source: staticSource(doc),
    fallback: 'a',
    shadow: { sinks: [{ write: (r) => void records.push(r) }], ...shadow },
    ...extra,
  });
  for (let i = 0; i < 3; i++) await router.predict(i, { unit: `user-${i}` });
  await router.close();
  return records;
}

describe('units in records', () => {
  it('without a secret key, records leave the unit out (never a hash keyed by the route name) and say so once', async () => {
    const records = await recordsOf();
    expect(records).toHaveLength(3);
    for (const record of records) expect(record).not.toHaveProperty('unit');
    await new Promise((resolve) => setImmediate(resolve));
    const said = warnings.filter((w) => w.code === 'MODELROUTE_UNIT_OMITTED');
    expect(said).toHaveLength(1);
    expect(said[0]!.message).toContain('MODELROUTE_PSEUDONYM_KEY');
  });

  it('with pseudonymKey, records hold HMAC-SHA256(key, unit)', async () => {
    const records = await recordsOf({ pseudonymKey: 'a secret' });
    expect(records.map((r) => r.unit)).toEqual([0, 1, 2].map((i) => hmac('a secret', `user-${i}`)));
  });

  it('with MODELROUTE_PSEUDONYM_KEY in the environment, records hold HMAC-SHA256(that key, unit)', async () => {
    process.env.MODELROUTE_PSEUDONYM_KEY = 'from the environment';
    const records = await recordsOf();
    expect(records[0]!.unit).toBe(hmac('from the environment', 'user-0'));
    expect(warnings.filter((w) => w.code === 'MODELROUTE_UNIT_OMITTED')).toEqual([]);
  });

  it("unit: 'raw' still records the raw unit, by the caller's explicit choice", async () => {
    const records = await recordsOf({}, { unit: 'raw' });
    expect(records[0]!.unit).toBe('user-0');
  });
});
