import type { RouteDocument } from '../rollout/document.js';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock/manual-clock.js';
import { isModelrouteError } from '../errors/modelroute-error.js';
import { canary, rolloutDocument } from '../rollout/strategies.js';
import { memorySource } from '../sources/memory-source.js';
import { decideStage } from './decide-stage.js';
import { memoryWriter } from './memory-writer.js';

const document = rolloutDocument({ score: canary({ stable: 'v1', canary: 'v2', steps: [5, 50] }) });
const hold = decideStage({
  document: document.routes.score,
  version: 'A',
  analysis: undefined,
  guard: [],
  stepStartedAt: 0,
  now: 0,
});

describe('memoryWriter', () => {
  it('delivers each change to the source and keeps its history with the clock time', async () => {
    const clock = manualClock(7);
    const source = memorySource();
    const seen: unknown[] = [];
    source.subscribe((u) => seen.push(u));
    const writer = memoryWriter({ source, document, clock });
    const edit = (doc: RouteDocument): RouteDocument => ({ ...doc!, weights: { v1: 50, v2: 50 } });
    expect(
      await writer.write({ route: 'score', command: 'advance', edit, actor: 'a', reason: 'r', evidence: hold }),
    ).toEqual({
      changed: true,
    });
    expect(writer.document.routes.score!.weights).toEqual({ v1: 50, v2: 50 });
    expect(seen).toHaveLength(1);
    expect(await writer.lastChange!('score')).toBe(7);
    expect(writer.history[0]).toMatchObject({
      at: 7,
      command: 'advance',
      before: { weights: { v2: 5 } },
      after: { weights: { v2: 50 } },
    });
    // The same edit again changes nothing and records nothing.
    expect(
      (await writer.write({ route: 'score', command: 'advance', edit, actor: 'a', reason: 'r', evidence: hold }))
        .changed,
    ).toBe(false);
    expect(writer.history).toHaveLength(1);
  });

  it('notes a hold once per version and reason, and refuses an invalid document', async () => {
    const writer = memoryWriter({ source: memorySource(), document });
    const note = { route: 'score', command: 'hold' as const, edit: undefined, actor: 'a', reason: 'r', evidence: hold };
    await writer.write(note);
    await writer.write(note);
    expect(writer.history.map((e) => e.command)).toEqual(['hold']);
    const error = await writer
      .write({ ...note, command: 'advance', edit: (doc) => ({ ...doc, weights: { v1: 0, v2: 0 } }) })
      .catch((e: unknown) => e);
    expect(isModelrouteError(error, 'invalid_document')).toBe(true);
    expect(writer.document).toBe(document);
  });
});
