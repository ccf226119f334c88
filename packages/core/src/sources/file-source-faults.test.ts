import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { createRouter } from '../router/create-router.js';
import type { RejectedEvent } from '../router/events.js';
import type { Router } from '../router/router.js';
import { manualShadowScheduler } from '../shadow/manual-scheduler.js';
import { fileSource } from './file-source.js';
import type { RolloutSource, SourceUpdate } from './source.js';

const models = { stable: (x: number) => x, canary: (x: number) => x + 1000, fallback: (x: number) => -x };
const doc = (version: string, weights: Record<string, number> = { stable: 1 }) =>
  JSON.stringify({ routes: { fraud: { champion: 'stable', weights, version } } });
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
// A deadline only so that a broken test fails with a message instead of hanging.
const within = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within 10 s`)), 10_000).unref()),
  ]);

/** The next update of `source` that `accept` takes; an event, not a sleep. */
function nextUpdate(source: RolloutSource, accept: (u: SourceUpdate) => boolean): Promise<SourceUpdate> {
  return new Promise((resolve) => {
    let done = false;
    const sub = source.subscribe((u) => {
      if (done || !accept(u)) return;
      done = true;
      queueMicrotask(() => sub.unsubscribe());
      resolve(u);
    });
  });
}

let warnings: Array<{ message: string; code?: string }> = [];
const onWarning = (w: Error & { code?: string }): void => void warnings.push({ message: w.message, code: w.code });

describe('fileSource under faults', () => {
  let dir: string;
  let source: RolloutSource | undefined;
  let router: Router<number, number> | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelroute-file-faults-'));
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(async () => {
    process.off('warning', onWarning);
    await router?.close();
    await source?.close();
    router = undefined;
    source = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a persistent read error once until something changes, however many polls pass', async () => {
    const file = join(dir, 'rollout.json');
    writeFileSync(file, doc('v1'));
    const clock = manualClock();
    const timer = manualShadowScheduler(clock);
    source = fileSource(file, { watch: false, pollIntervalMs: 100, timer });
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    const rejected: RejectedEvent[] = [];
    router.on('rejected', (e) => rejected.push(e));
    rmSync(file);
    mkdirSync(file); // the file is now a directory: every read fails the same way
    for (let poll = 0; poll < 20; poll++) {
      clock.advance(100);
      timer.runDue();
      // The poll re-arms itself when its stat (and any read) is done: wait for that, not for a time.
      while (timer.timerCount === 0) await turn();
    }
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBe(`${file} is not a regular file`);
    expect(router.configVersion).toBe('v1');
    rmSync(file, { recursive: true });
    writeFileSync(file, doc('v2'));
    const applied = new Promise((resolve) => router!.once('applied', resolve));
    clock.advance(100);
    timer.runDue();
    await applied;
    expect(router.configVersion).toBe('v2');
  });

  it('refuses a file over maxBytes without reading it, and reads the next good one', async () => {
    const file = join(dir, 'rollout.json');
    writeFileSync(file, doc('v1'));
    source = fileSource(file, { maxBytes: 4096 });
    const tooBig = nextUpdate(source, (u) => u.type === 'invalid');
    truncateSync(file, 512 * 1024 * 1024); // sparse: 512 MiB that a read would have to hold in memory
    const update = await within(tooBig, 'the over-size file');
    expect(update).toMatchObject({ type: 'invalid', origin: `file:${file}` });
    expect((update as { reason: string }).reason).toBe(
      `${file} is 536870912 bytes, over fileSource's limit of 4096 bytes; keep rollout documents small or raise fileSource({ maxBytes })`,
    );
    const good = nextUpdate(source, (u) => u.type === 'document');
    writeFileSync(`${file}.tmp`, doc('v2'));
    renameSync(`${file}.tmp`, file);
    expect(await within(good, 'the good file after it')).toMatchObject({ type: 'document', document: doc('v2') });
  });

  it('refuses a path that is not a regular file (a FIFO would block its read for good) and keeps watching', async () => {
    const file = join(dir, 'rollout.json');
    writeFileSync(file, doc('v1'));
    source = fileSource(file);
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    const rejected = new Promise<RejectedEvent>((resolve) => router!.once('rejected', resolve));
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expect((await within(rejected, 'the FIFO')).reason).toBe(`${file} is not a regular file`);
    const applied = new Promise((resolve) => router!.once('applied', resolve));
    writeFileSync(`${file}.tmp`, doc('v2', { stable: 1, canary: 1 }));
    renameSync(`${file}.tmp`, file);
    await within(applied, 'the file after the FIFO');
    expect(router.configVersion).toBe('v2');
  });

  it('with watch off, sees a permission fix (chmod changes no inode, size or mtime) and reads the file again', async () => {
    // A real process that cannot read the file: as root, the test runs it without the capabilities that
    // override file permissions (it still reads the checkout, wherever that is).
    const file = join(dir, 'rollout.json');
    writeFileSync(file, doc('v1'));
    const asRoot = process.getuid?.() === 0;
    chmodSync(file, 0o000);
    const core = new URL('../../dist/index.js', import.meta.url).href;
    const script = `import { fileSource } from ${JSON.stringify(core)};
      const source = fileSource(${JSON.stringify(file)}, { watch: false, pollIntervalMs: 20 });
      source.subscribe((u) => console.log(JSON.stringify({ type: u.type, reason: u.reason })));
      setInterval(() => {}, 1000); // the source's own timers never keep a process alive`;
    const argv = ['--input-type=module', '-e', script];
    const child = asRoot
      ? spawn('setpriv', ['--bounding-set=-dac_override,-dac_read_search', process.execPath, ...argv])
      : spawn(process.execPath, argv);
    try {
      const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
      const next = async (): Promise<{ type: string; reason?: string }> =>
        JSON.parse((await within(lines.next(), 'the child process')).value as string);
      expect(await next()).toMatchObject({ type: 'invalid', reason: expect.stringContaining('EACCES') });
      chmodSync(file, 0o644);
      expect(await next()).toMatchObject({ type: 'document' });
    } finally {
      child.kill();
    }
  });

  it('sees that the file was deleted (an event, no sleep) and keeps the last good document', async () => {
    const file = join(dir, 'rollout.json');
    writeFileSync(file, doc('v1'));
    source = fileSource(file);
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    const gone = nextUpdate(source, (u) => u.type === 'absent');
    rmSync(file);
    expect(await gone).toMatchObject({ type: 'absent', reason: expect.stringContaining(file) });
    expect(router.configVersion).toBe('v1');
  });

  it('says once that the file does not exist, with the absolute path it looked at', async () => {
    source = fileSource('no-such-dir/rollout.json', { pollIntervalMs: 5 });
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    await turn();
    const missing = warnings.filter((w) => w.code === 'MODELROUTE_SOURCE_ABSENT' && w.message.includes('no-such-dir'));
    expect(missing, JSON.stringify(missing)).toHaveLength(1);
    expect(missing[0]!.message).toContain(join(process.cwd(), 'no-such-dir/rollout.json'));
    expect(missing[0]!.message).toContain('does not exist');
    expect(missing[0]!.message).toContain('fallback "fallback"');
  });

  it('catches a Kubernetes ConfigMap ..data swap from the watch, not only the poll', async () => {
    // The layout kubelet writes: dir/..2026_x/rollout.json, dir/..data -> ..2026_x, dir/rollout.json -> ..data/rollout.json.
    mkdirSync(join(dir, '..2026_01'));
    writeFileSync(join(dir, '..2026_01', 'rollout.json'), doc('v1'));
    symlinkSync('..2026_01', join(dir, '..data'));
    symlinkSync(join('..data', 'rollout.json'), join(dir, 'rollout.json'));
    // A poll that never runs during the test: only the watch can see the swap.
    source = fileSource(join(dir, 'rollout.json'), { pollIntervalMs: 3_600_000 });
    router = await createRouter({ route: 'fraud', models, source, fallback: 'fallback' });
    expect(router.configVersion).toBe('v1');
    const applied = new Promise((resolve) => router!.once('applied', resolve));
    // kubelet's update: a new timestamped directory, a new link, renamed atomically over ..data.
    mkdirSync(join(dir, '..2026_02'));
    writeFileSync(join(dir, '..2026_02', 'rollout.json'), doc('v2', { canary: 1 }));
    symlinkSync('..2026_02', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    rmSync(join(dir, '..2026_01'), { recursive: true });
    await within(applied, 'the ..data swap was not seen');
    expect(router.decide('u')).toMatchObject({ variant: 'canary', configVersion: 'v2' });
  });
});
