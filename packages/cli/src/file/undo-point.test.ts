import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelroute } from '../run-modelroute.test-support.js';

// A change that fails (or is killed) after it kept the undo point and before it published the file
// (adversarial review): the file is unchanged, so `<file>.prev` must still be the version before the last
// change that did land. The publish is made to fail with the file immutable (chattr +i: root, ext4 or xfs).
let dir: string;
let file: string;
const weights = async (path: string) => JSON.parse(await readFile(path, 'utf8')).routes.r.weights;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-undo-point-'));
  file = join(dir, 'rollout.json');
  await writeFile(file, JSON.stringify({ routes: { r: { champion: 'a', weights: { a: 100, b: 0 } } } }));
});
afterEach(async () => {
  execFileSync('chattr', ['-i', file]);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.getuid?.() !== 0)('the undo point when a change does not land (adversarial review)', () => {
  it('keeps .prev as the version before the last change that landed, and undo restores it', async () => {
    expect((await modelroute(['set', file, 'r', 'b=5'])).code).toBe(0);
    execFileSync('chattr', ['+i', file]);
    expect((await modelroute(['set', file, 'r', 'b=50'])).code).toBe(1);
    execFileSync('chattr', ['-i', file]);
    expect(await weights(file)).toEqual({ a: 100, b: 5 });
    expect(await weights(`${file}.prev`)).toEqual({ a: 100, b: 0 });
    const undo = await modelroute(['undo', file]);
    expect(undo.code).toBe(0);
    expect(await weights(file)).toEqual({ a: 100, b: 0 });
    expect(existsSync(`${file}.prev.next`)).toBe(false);
  });
});
