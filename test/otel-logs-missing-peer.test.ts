import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const core = fileURLToPath(new URL('../packages/core/', import.meta.url));

// An application that installed @modelroute/core and @opentelemetry/api, but not the optional
// @opentelemetry/api-logs: the built package copied into a throwaway node_modules.
let app: string;
beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'modelroute-no-api-logs-'));
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, '@modelroute', 'core'), { recursive: true });
  cpSync(join(core, 'dist'), join(modules, '@modelroute', 'core', 'dist'), { recursive: true });
  cpSync(join(core, 'package.json'), join(modules, '@modelroute', 'core', 'package.json'));
  for (const dep of ['xxhash-wasm', 'eventemitter3', '@opentelemetry/api']) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(realpathSync(join(core, 'node_modules', dep)), join(modules, dep));
  }
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('@modelroute/core/otel-logs without @opentelemetry/api-logs installed', () => {
  it.each([
    [
      'ESM',
      [
        '--input-type=module',
        '-e',
        "import { otelLogsSink } from '@modelroute/core/otel-logs'; try { otelLogsSink(); } catch (e) { console.log(e.code + ': ' + e.message); }",
      ],
    ],
    [
      'CommonJS',
      [
        '-e',
        "const { otelLogsSink } = require('@modelroute/core/otel-logs'); try { otelLogsSink(); } catch (e) { console.log(e.code + ': ' + e.message); }",
      ],
    ],
  ])('%s: importing works, and creating the sink says what to install', async (_kind, args) => {
    // Without NODE_PATH (package managers' runners set it to their store, where api-logs is).
    const env = { ...process.env, NODE_PATH: '' };
    const { stdout } = await run(process.execPath, args, { cwd: app, encoding: 'utf8', env });
    expect(stdout).toContain(
      'invalid_options: otelLogsSink needs the optional peer dependency @opentelemetry/api-logs',
    );
    expect(stdout).toContain('npm install @opentelemetry/api-logs');
  });
});
