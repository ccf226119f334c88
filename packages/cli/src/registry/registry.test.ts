import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, fileSource, type AppliedEvent } from '@modelroute/core';
import { readHistory } from '../history/read-history.js';
import { loadRegistry, registryPath } from './model-registry.js';
import { modelroute } from '../run-modelroute.test-support.js';

let dir: string;
let file: string;
const sha = 'ab'.repeat(32);
const add = (id: string, ...extra: string[]) =>
  modelroute([
    'registry',
    'add',
    file,
    '--id',
    id,
    '--model-version',
    '1.0.0',
    '--artifact-uri',
    `s3://models/${id}.onnx`,
    '--sha256',
    sha,
    '--owner',
    'fraud-team',
    ...extra,
  ]);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modelroute-registry-'));
  file = join(dir, 'rollout.json');
  await writeFile(
    file,
    JSON.stringify({
      routes: { r: { champion: 'v3', weights: { v3: 90, v4: 10 }, shadow: [{ model: 'v5', fraction: 0.1 }] } },
    }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modelroute registry', () => {
  it('add, list, show: every field kept; an id is registered once; a bad entry is refused', async () => {
    const r = await add(
      'v3',
      '--created-at',
      '2026-11-01T00:00:00Z',
      '--training-run',
      'mlflow:run/42',
      '--data-window',
      '2026-09-01/2026-10-01',
      '--metric',
      'auc=0.91',
      '--metric',
      'logloss=0.31',
      '--description',
      'baseline',
      '--tag',
      'gbm',
      '--tag',
      'prod',
    );
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('registered v3 (1.0.0)') });
    const registry = JSON.parse(await readFile(join(dir, 'modelroute-registry.json'), 'utf8'));
    expect(registry.models).toEqual([
      {
        id: 'v3',
        version: '1.0.0',
        artifactUri: 's3://models/v3.onnx',
        sha256: sha,
        createdAt: '2026-11-01T00:00:00Z',
        owner: 'fraud-team',
        trainingRun: 'mlflow:run/42',
        dataWindow: { start: '2026-09-01', end: '2026-10-01' },
        offlineMetrics: { auc: 0.91, logloss: 0.31 },
        description: 'baseline',
        tags: ['gbm', 'prod'],
      },
    ]);
    expect((await add('v4')).code).toBe(0);
    expect((await modelroute(['registry', 'list', file])).stdout).toMatch(/^v3 {2}1\.0\.0 {2}fraud-team/);
    expect(JSON.parse((await modelroute(['--json', 'registry', 'show', file, 'v4'])).stdout).model).toMatchObject({
      id: 'v4',
      owner: 'fraud-team',
    });
    expect(await add('v4')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"v4" is already in the model registry'),
    });
    expect(
      (
        await modelroute([
          'registry',
          'add',
          file,
          '--id',
          'x',
          '--model-version',
          '1',
          '--artifact-uri',
          'u',
          '--sha256',
          'nothex',
          '--owner',
          'o',
        ])
      ).stderr,
    ).toContain('model.sha256: must be 64 lowercase hex digits');
    expect((await modelroute(['registry', 'show', file, 'v9'])).stderr).toContain('"v9" is not in');
  });

  it('with a registry, validate, set and promote refuse an unregistered model; --force lets it through and the history says so', async () => {
    // No registry: nothing to check.
    expect((await modelroute(['validate', file])).code).toBe(0);
    await add('v3');
    await add('v4');
    const v = await modelroute(['validate', file]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('routes.r: model "v5" is not in the model registry');
    await add('v5');
    expect((await modelroute(['validate', file])).code).toBe(0);
    const set = await modelroute(['set', file, 'r', 'v6=5', '--force']);
    expect(set.code).toBe(0);
    const refused = await modelroute(['set', file, 'r', 'v7=5', '--force', '--registry', join(dir, 'other.json')]);
    expect(refused.code).toBe(0); // another (absent) registry: nothing to check
    await add('v7');
    expect(await modelroute(['set', file, 'r', 'v6=1'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"v6" is not in the model registry'),
    });
    expect(await modelroute(['promote', file, 'r', 'v6'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--force'),
    });
    expect((await modelroute(['promote', file, 'r', 'v6', '--force', '--reason', 'hotfix'])).code).toBe(0);
    const history = await readHistory(file);
    expect(history[0]!.forced).toEqual([expect.stringContaining('model "v6" is not in the model registry')]);
    expect(history.at(-1)).toMatchObject({
      action: 'promote',
      reason: 'hotfix',
      forced: [expect.stringContaining('"v6"')],
    });
  });
});

describe('registry metadata in the router events: createRouter({ registry: (await loadRegistry(path))?.models })', () => {
  it('the applied event carries the file registry entries of the models the document names', async () => {
    expect((await add('v3')).code).toBe(0);
    expect((await add('v4', '--description', 'the challenger')).code).toBe(0);
    const registry = await loadRegistry(registryPath(file));
    const router = await createRouter<number, number>({
      route: 'r',
      models: { v3: (x) => x, v4: (x) => x, v5: (x) => x },
      source: fileSource(file),
      fallback: 'v3',
      registry: registry?.models,
    });
    const applied = new Promise<AppliedEvent>((resolve) => router.once('applied', resolve));
    expect((await modelroute(['set', file, 'r', 'v4=20'])).code).toBe(0);
    const models = (await applied).models!;
    expect(Object.keys(models).sort()).toEqual(['v3', 'v4']); // v5 (a shadow) is not registered
    expect(models.v4).toMatchObject({
      id: 'v4',
      version: '1.0.0',
      sha256: sha,
      owner: 'fraud-team',
      description: 'the challenger',
    });
    expect(router.modelInfo('v3')?.artifactUri).toBe('s3://models/v3.onnx');
    await router.close();
  });
});
