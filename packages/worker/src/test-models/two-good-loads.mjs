// A model whose first two threads load; every later thread (a replacement) fails while loading, in a timer
// its import cannot catch, or never finishes loading (MODELROUTE_TEST_LATER=hang). Which thread is which is
// decided by creating the directories 0 and 1 under MODELROUTE_TEST_SLOTS (mkdir is atomic).
import { mkdirSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const slots = process.env.MODELROUTE_TEST_SLOTS;
let first = false;
for (const n of [0, 1]) {
  try {
    mkdirSync(`${slots}/${n}`);
    first = true;
    break;
  } catch {}
}
if (!first && process.env.MODELROUTE_TEST_LATER === 'hang') await new Promise(() => setInterval(() => {}, 1000));
if (!first)
  await new Promise((resolve) => {
    setTimeout(() => {
      throw new Error(`thread ${threadId} failed while loading`);
    }, 10);
    setTimeout(resolve, 200);
  });
export { default } from './models.mjs';
