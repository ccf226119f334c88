// Both LaunchDarkly server SDKs that @modelroute/launchdarkly supports, set up the same way for tests:
// real clients on TestData or FileData, with events, diagnostics and every URI pointed away from the
// network, so that nothing leaves the machine.
import * as ld9 from '@launchdarkly/node-server-sdk';
import * as ld7 from 'launchdarkly-node-server-sdk';
import * as integrations7 from 'launchdarkly-node-server-sdk/integrations';
import type { LaunchDarklyClient } from './client.js';

/** The TestData API both SDKs share. */
export interface TestDataLike {
  flag(key: string): any;
  update(builder: any): Promise<unknown>;
  usePreconfiguredFlag(flag: object): Promise<unknown>;
}

/** A real client plus the test controls: `release()` starts a client created with `deferStart`. */
export interface TestClient {
  readonly client: LaunchDarklyClient & { close(): void; listenerCount(event: string): number };
  readonly logs: string[];
  release(): void;
}

export interface Sdk {
  readonly name: string;
  testData(): TestDataLike;
  /** A client on `td`; with `deferStart` it stays uninitialized until `release()`; with `fail`, `release()` fails its initialization (as a bad SDK key does). */
  withTestData(td: TestDataLike, options?: { deferStart?: boolean; fail?: boolean }): TestClient;
  /** A client on LaunchDarkly's file data source, reading `paths` and reloading them on change. */
  withFiles(paths: string[]): TestClient;
}

const offline = {
  sendEvents: false,
  diagnosticOptOut: true,
  baseUri: 'http://127.0.0.1:9',
  streamUri: 'http://127.0.0.1:9',
  eventsUri: 'http://127.0.0.1:9',
};

function logger(logs: string[]) {
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      void logs.push(`${level}: ${args.map(String).join(' ')}`);
  return { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

export const v9: Sdk = {
  name: '@launchdarkly/node-server-sdk v9',
  testData: () => new ld9.integrations.TestData() as unknown as TestDataLike,
  withTestData(td, options = {}) {
    const logs: string[] = [];
    let held: (() => void) | undefined;
    const factory = (td as unknown as InstanceType<typeof ld9.integrations.TestData>).getFactory();
    const client = ld9.init('sdk-test-key', {
      ...offline,
      logger: logger(logs),
      updateProcessor: (ctx: any, store: any, ok: any, onError: any) => {
        const processor = factory(ctx, store, ok, onError);
        const start = processor.start.bind(processor);
        processor.start = async () => {
          if (options.fail) held = () => onError(Object.assign(new Error('unauthorized'), { code: 401 }));
          else if (options.deferStart) held = () => void start();
          else await start();
        };
        return processor;
      },
    });
    return { client, logs, release: () => held?.() };
  },
  withFiles(paths) {
    const logs: string[] = [];
    const files = new ld9.integrations.FileDataSourceFactory({ paths, autoUpdate: true });
    const client = ld9.init('sdk-test-key', { ...offline, logger: logger(logs), updateProcessor: files.getFactory() });
    return { client, logs, release: () => {} };
  },
};

export const v7: Sdk = {
  name: 'launchdarkly-node-server-sdk v7',
  testData: () => integrations7.TestData() as unknown as TestDataLike,
  withTestData(td, options = {}) {
    const logs: string[] = [];
    let held: (() => void) | undefined;
    const factory = td as unknown as (config: object) => { start: (cb: (error?: unknown) => void) => void };
    const client = ld7.init('sdk-test-key', {
      ...offline,
      logger: logger(logs),
      updateProcessor: (config: object) => {
        const processor = factory(config);
        const start = processor.start.bind(processor);
        processor.start = (cb) => {
          if (options.fail) held = () => cb(Object.assign(new Error('unauthorized'), { status: 401 }));
          else if (options.deferStart) held = () => start(cb);
          else start(cb);
        };
        return processor;
      },
    } as ld7.LDOptions);
    return { client, logs, release: () => held?.() };
  },
  withFiles(paths) {
    const logs: string[] = [];
    const client = ld7.init('sdk-test-key', {
      ...offline,
      logger: logger(logs),
      updateProcessor: integrations7.FileDataSource({ paths, autoUpdate: true }),
    });
    return { client, logs, release: () => {} };
  },
};

export const sdks: readonly Sdk[] = [v9, v7];
