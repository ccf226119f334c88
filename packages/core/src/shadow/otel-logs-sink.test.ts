import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { staticSource } from '../sources/static-source.js';
import { otelLogsSink } from './otel-logs-sink.js';

const source = () =>
  staticSource({
    routes: { fraud: { champion: 'v3', weights: { v3: 1 }, version: 'doc-7', shadow: [{ model: 'v5', fraction: 1 }] } },
  });
const models = { v3: (x: number) => ({ score: x }), v5: async (x: number) => ({ score: x + 0.5 }) };

describe('otelLogsSink (real OpenTelemetry logs SDK)', () => {
  afterEach(() => logs.disable());

  it('emits each pair as a log record with a structured body and bounded attributes; close() flushes', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const router = await createRouter({
      route: 'fraud',
      models,
      source: source(),
      fallback: 'v3',
      shadow: {
        sinks: [otelLogsSink({ loggerProvider })],
        compare: (a, b) => b.score - a.score,
        timestamp: () => Date.UTC(2026, 10, 26),
      },
    });
    for (let i = 0; i < 3; i++) await router.predict(i, { unit: `user-${i}` });
    await router.close();
    const records = exporter.getFinishedLogRecords();
    expect(records).toHaveLength(3);
    const first = records[0]!;
    expect(first.eventName).toBe('modelroute.shadow.pair');
    expect(first.instrumentationScope.name).toBe('@modelroute/core');
    expect(first.hrTime[0]).toBe(Date.UTC(2026, 10, 26) / 1000);
    expect(first.attributes).toEqual({
      'feature_flag.key': 'fraud',
      'feature_flag.result.variant': 'v3',
      'modelroute.shadow.model': 'v5',
      'modelroute.prediction.outcome': 'ok',
      'modelroute.shadow.comparison': 'disagree',
    });
    expect(first.body).toMatchObject({
      route: 'fraud',
      configVersion: 'doc-7',
      primary: { model: 'v3', output: { score: 0 } },
      shadow: { model: 'v5', output: { score: 0.5 } },
      difference: 0.5,
    });
    expect(JSON.stringify(first.body)).not.toContain('user-0');
    await loggerProvider.shutdown();
  });

  it('uses the global provider by default, even when the SDK is registered after the sink is made', async () => {
    const sink = otelLogsSink();
    const exporter = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    logs.setGlobalLoggerProvider(loggerProvider);
    const router = await createRouter({
      route: 'fraud',
      models,
      source: source(),
      fallback: 'v3',
      shadow: { sinks: [sink] },
    });
    await router.predict(1);
    await router.close();
    await loggerProvider.forceFlush();
    expect(exporter.getFinishedLogRecords()).toHaveLength(1);
    await loggerProvider.shutdown();
  });
});
