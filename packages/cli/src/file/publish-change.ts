import { readFile, rename, unlink } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { appendHistory, type HistoryRecord } from '../history/append-history.js';
import { readHistoryLines } from '../history/read-history.js';
import { CliError } from '../cli-error.js';
import { replaceFile } from './atomic-write.js';
import { assertLockHeld } from './lock-context.js';

/** Where a change's history record waits while the change is published: `<file>.pending`. */
export const pendingPath = (file: string): string => `${file}.pending`;

/** Where a change's undo point waits until the change is published: `<file>.prev.next`, then `<file>.prev`. */
const stagedPreviousPath = (file: string): string => `${file}.prev.next`;

/**
 * Publishes `text` as the rollout file and logs `record` in its history, so that a writer killed between
 * the two (kill -9, a crash, a power cut) loses nothing: the record is written to `<file>.pending` first,
 * and the next holder of the file's lock (`withFileLock`) logs it with its own actor, reason and evidence
 * when the file holds its result (or drops it when the file never got it), before anything else. Call
 * under the file's lock: each write first checks that the lock is still ours, and refuses otherwise.
 */
export async function publishAndLog(
  file: string,
  text: string,
  record: HistoryRecord,
  /** The undo point (`<file>.prev`) this change leaves: staged, and in place only once the file is published. */
  previous?: string,
): Promise<void> {
  const stillOurs = () => assertLockHeld(file);
  if (previous !== undefined)
    await replaceFile(stagedPreviousPath(file), previous, { like: file, beforeRename: stillOurs });
  await replaceFile(pendingPath(file), JSON.stringify(record), { like: file, beforeRename: stillOurs });
  await replaceFile(file, text, { beforeRename: stillOurs });
  if (previous !== undefined) await settleStagedPrevious(file, true);
  try {
    await appendHistory(record);
  } catch (error) {
    throw new CliError(
      1,
      `${file} was published (routers now serve it); its history entry could not be written: ${(error as Error).message}; the next change logs it (its record waits in ${pendingPath(file)}): fix the cause, then make the next change`,
    );
  }
  await unlink(pendingPath(file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT')
      throw new CliError(
        1,
        `${file} was published and logged, but ${pendingPath(file)} could not be removed (${error.message}); the next change drops it`,
      );
  });
}

/** Logs, or drops, what a killed writer left in `<file>.pending` (see {@link publishAndLog}). `withFileLock` calls it. */
export async function logPending(file: string): Promise<void> {
  const pendingFile = pendingPath(file);
  let pending: HistoryRecord;
  try {
    pending = JSON.parse(await readFile(pendingFile, 'utf8')) as HistoryRecord; // written atomically
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return settleStagedPrevious(file, false);
    throw new CliError(
      1,
      `cannot read ${pendingFile} (the history record of a change whose writer was killed): ${(error as Error).message}; remove it to go on (the next change logs what it recorded as an external change)`,
    );
  }
  const routes = await currentRoutes(file);
  const published =
    routes !== undefined &&
    Object.entries(pending.routes).every(([route, { after }]) => isDeepStrictEqual(routes[route], after));
  if (published && !(await alreadyLogged(file, pending))) await appendHistory(pending);
  await settleStagedPrevious(file, published);
  await unlink(pendingPath(file));
}

/**
 * A staged undo point goes in place when its change was published, and is dropped when it was not (a writer
 * stopped before publishing leaves `<file>.prev` as the version before the last change that landed).
 */
async function settleStagedPrevious(file: string, published: boolean): Promise<void> {
  const staged = stagedPreviousPath(file);
  try {
    if (published) {
      assertLockHeld(file);
      await rename(staged, `${file}.prev`);
    } else await unlink(staged);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * The routes the file holds now, or undefined when it is not JSON (a broken hand edit): then it does not
 * hold the pending change, which is dropped, and the command goes on (`undo` is how such a file is fixed).
 */
async function currentRoutes(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(1, `cannot read rollout file ${file}: ${(error as Error).message}`);
  }
  try {
    return (JSON.parse(text) as { routes?: Record<string, unknown> } | null)?.routes ?? {};
  } catch {
    return undefined;
  }
}

/** Whether the history's last entry is `record` (a writer killed after logging, before removing its pending record). */
async function alreadyLogged(file: string, record: HistoryRecord): Promise<boolean> {
  const last = (await readHistoryLines(file)).at(-1)?.entry;
  return (
    last !== undefined &&
    last.at === record.at &&
    last.actor === record.actor &&
    last.action === record.action &&
    last.summary === record.summary
  );
}
