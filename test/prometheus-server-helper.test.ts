import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { findPrometheus, freePort, startPrometheus, type PrometheusServer } from './helpers/prometheus-server.js';

const bin = findPrometheus();

describe('the Prometheus test helper', () => {
  let taken: Server | undefined;
  let prometheus: PrometheusServer | undefined;
  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => (taken ? taken.close(resolve) : resolve(undefined)));
  });

  it('starts Prometheus on a fresh port when another process took the one it picked (the port race)', async () => {
    expect(bin, 'Prometheus is required: apt-get install prometheus (see .ci/run)').toBeDefined();
    // Another process binds the picked port between freePort() and Prometheus: the race, made certain.
    const server = createServer((socket) => socket.destroy());
    taken = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stolen = (server.address() as { port: number }).port;
    const picks = [stolen];
    prometheus = await startPrometheus({
      bin: bin!,
      targets: [],
      job: 'none',
      port: async () => picks.shift() ?? freePort(),
    });
    expect(prometheus.url).not.toContain(`:${stolen}`);
    expect(await prometheus.query('vector(1)')).toEqual([{ metric: {}, value: 1 }]);
  });
});
