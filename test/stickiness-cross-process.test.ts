import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAssigner } from '../packages/core/src/spec.js';

const dist = fileURLToPath(new URL('../packages/core/dist/spec.js', import.meta.url));

describe('sticky assignment across processes', () => {
  it('gives 10,000 units the same variants in a separate Node process', async () => {
    expect(existsSync(dist), `${dist} is missing: run \`pnpm build\` (pnpm test does it first)`).toBe(true);
    const weights = { 'fraud-v3': 50, 'fraud-v4': 30, 'fraud-v5': 20 };
    const script = `
      import { createAssigner } from ${JSON.stringify(dist)};
      const { assign } = await createAssigner();
      const out = [];
      for (let i = 0; i < 10000; i++) out.push(assign('cross-process', 'user-' + i, ${JSON.stringify(weights)}));
      process.stdout.write(JSON.stringify(out));
    `;
    const child = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
    ) as string[];
    const { assign } = await createAssigner();
    const here = Array.from({ length: 10_000 }, (_, i) => assign('cross-process', `user-${i}`, weights));
    expect(child).toHaveLength(10_000);
    expect(child).toEqual(here);
    expect(new Set(here).size).toBe(3);
  });
});
