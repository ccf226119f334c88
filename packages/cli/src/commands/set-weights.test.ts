import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelroute } from '../run-modelroute.test-support.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-set-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 90, b: 10 } } } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute set (adversarial review)', () => {
  it('refuses the variant name __proto__, even with --force, and writes nothing', async () => {
    const before = await readFile(file, 'utf8');
    for (const args of [['__proto__=5', '--force'], ['__proto__=5'], ['a=50', '__proto__=5', '--force']]) {
      const r = await modelroute(['set', file, 'r', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('"__proto__" cannot be used as a model id');
      expect(r.stdout).not.toContain('nothing changed');
    }
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('still sets names that are properties of Object.prototype (constructor, toString)', async () => {
    const r = await modelroute(['set', file, 'r', 'constructor=5', 'toString=1', '--force']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { routes: { r: { weights: Record<string, number> } } };
    expect(doc.routes.r.weights).toEqual({ a: 90, b: 10, constructor: 5, toString: 1 });
  });
});
