// Issue 16 end to end: Debian's Prometheus evaluates the rules `modelroute alerts` made from the rollout
// file, Debian's Alertmanager delivers the alert to `modelroute serve-alerts`, which rolls the file back;
// two example services follow the file and serve the champion. The canary fails 20% of its calls, and
// each service alone sees too few canary calls for its local guard (minCalls) while the fleet sees enough.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAlertmanager, startAlertmanager, type AlertmanagerServer } from './helpers/alertmanager-server.js';
import { startPrometheusExample, type ExampleProcess } from './helpers/prometheus-example.js';
import { findPrometheus, startPrometheus, stopProcess, type PrometheusServer } from './helpers/prometheus-server.js';

const cliBin = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const prometheusBin = findPrometheus();
const alertmanagerBin = findAlertmanager();
const inCi = process.env.CI === 'true';
const missing =
  prometheusBin === undefined || alertmanagerBin === undefined
    ? `needs prometheus and prometheus-alertmanager (apt-get install prometheus prometheus-alertmanager; .ci/run does), or PROMETHEUS_BIN and ALERTMANAGER_BIN`
    : undefined;
if (missing && !inCi) console.warn(`alerts-e2e: SKIPPED: ${missing}`);

const ROUTE = 'fraud-score';
const TOKEN = 'e2e-token-7f3a';
// Window 10 s, at least 60 canary calls in it. The traffic (40 calls/s, 20% to the canary, half to each
// service) gives each service about 40 canary calls per window (its guard never has its sample) and the
// fleet about 80 (the rule has it).
const guard = { errorRateRatio: 5, minErrorRate: 0.01, windowMs: 10_000, minCalls: 60 };
const rollout = { routes: { [ROUTE]: { champion: 'fraud-v3', weights: { 'fraud-v3': 80, 'fraud-v4': 20 }, guard } } };
const BATCH = 10;
const EVERY_MS = 250;

interface Answer {
  service: number;
  sentAt: number;
  status: number;
  variant: string;
  reason?: string;
}

const modelroute = (args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [cliBin, ...args], (error, stdout, stderr) =>
      error ? reject(new Error(`modelroute ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    ),
  );

/** `modelroute serve-alerts` as a child process; resolves with its URL once it listens. */
async function serveAlerts(file: string, tokenFile: string) {
  const child = spawn(process.execPath, [
    cliBin,
    'serve-alerts',
    '--file',
    file,
    '--listen',
    '127.0.0.1:0',
    '--token-file',
    tokenFile,
  ]);
  const lines: string[] = [];
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (d: Buffer) => lines.push(d.toString()));
    child.once('exit', (code) => reject(new Error(`serve-alerts exited with ${code}: ${lines.join('\n')}`)));
  });
  return { url: await listening, lines, stop: () => stopProcess(child) };
}

describe.skipIf(missing !== undefined && !inCi)(
  `alert rules -> Alertmanager -> serve-alerts -> rollback${missing && !inCi ? ` (skipped: ${missing})` : ''}`,
  () => {
    let dir = '';
    let file = '';
    let receiver: Awaited<ReturnType<typeof serveAlerts>> | undefined;
    let alertmanager: AlertmanagerServer | undefined;
    let prometheus: PrometheusServer | undefined;
    const services: ExampleProcess[] = [];
    const answers: Answer[] = [];
    let firstBadCall = 0;
    let written = 0;
    let bothOnChampion = 0;
    const applied: number[] = [];
    let localTrips = -1;
    const configVersion = async (service: ExampleProcess) =>
      ((await (await fetch(`${service.url}/healthz`)).json()) as { configVersion: string | null }).configVersion;

    beforeAll(async () => {
      if (missing) throw new Error(`CI=true, so this is a failure, not a skip: ${missing}`);
      expect(existsSync(cliBin), `${cliBin} is missing: run \`pnpm build\``).toBe(true);
      dir = await mkdtemp(join(tmpdir(), 'modelroute-alerts-e2e-'));
      file = join(dir, 'rollout.json');
      await writeFile(file, JSON.stringify(rollout, null, 2));
      await writeFile(join(dir, 'token'), `${TOKEN}\n`);
      await writeFile(join(dir, 'rules.yml'), await modelroute(['alerts', file, '--for', '3s']));

      receiver = await serveAlerts(file, join(dir, 'token'));
      alertmanager = await startAlertmanager(
        alertmanagerBin!,
        [
          'route:',
          '  receiver: modelroute-rollback',
          '  group_by: [alertname, route, variant]',
          '  group_wait: 1s',
          '  group_interval: 1s',
          '  repeat_interval: 1h',
          'receivers:',
          '  - name: modelroute-rollback',
          '    webhook_configs:',
          `      - url: ${receiver.url}/alerts`,
          '        send_resolved: false',
          '        http_config:',
          `          authorization: { type: Bearer, credentials_file: ${JSON.stringify(join(dir, 'token'))} }`,
          '',
        ].join('\n'),
      );
      for (let i = 0; i < 2; i++) services.push(await startPrometheusExample({ ROLLOUT_FILE: file }));
      prometheus = await startPrometheus({
        bin: prometheusBin!,
        targets: services.map((s) => s.hostPort),
        job: 'fraud-scoring',
        scrapeIntervalS: 1,
        ruleFiles: [join(dir, 'rules.yml')],
        alertmanagers: [alertmanager.hostPort],
      });

      const versions = await Promise.all(services.map(configVersion));
      // Traffic on a fixed schedule (not waiting for answers), half to each service.
      let n = 0;
      let failing = false;
      const inFlight = new Set<Promise<void>>();
      const send = (service: number, unit: number): void => {
        const simulate = failing && unit % 5 === 0 ? { fail: true, model: 'fraud-v4' } : undefined;
        const sentAt = Date.now();
        const done = fetch(`${services[service]!.url}/predict`, {
          method: 'POST',
          body: JSON.stringify({ unit: `u-${unit}`, transaction: { amount: 100, country: 'NL', simulate } }),
        })
          .then(async (res) => {
            const body = (await res.json()) as { variant: string; reason?: string };
            answers.push({ service, sentAt, status: res.status, variant: body.variant, reason: body.reason });
          })
          .finally(() => inFlight.delete(done));
        inFlight.add(done);
      };
      const traffic = setInterval(() => {
        for (let k = 0; k < BATCH; k++, n++) send(n % 2, n);
      }, EVERY_MS);
      try {
        // 1. Healthy traffic until the fleet-wide window holds the canary's minimum sample.
        await prometheus.waitFor(
          `sum(modelroute:prediction_calls:increase10s{feature_flag_result_variant="fraud-v4"}) >= ${guard.minCalls}`,
          (s) => s.length === 1,
          60_000,
        );
        // 2. The canary fails 20% of its calls, until the file is rolled back.
        failing = true;
        const deadline = Date.now() + 90_000;
        while (written === 0 && Date.now() < deadline) {
          if (existsSync(`${file}.audit.log`)) {
            const entry = JSON.parse((await readFile(`${file}.audit.log`, 'utf8')).split('\n')[0]!) as { at: string };
            written = Date.parse(entry.at);
          }
          await delay(50);
        }
        if (written === 0) throw new Error(`no rollback within 90 s; serve-alerts: ${receiver.lines.join('\n')}`);
        // 3. Until each service has applied the rolled-back document (its configVersion changes) and then
        //    answered 40 more calls.
        for (const [i, service] of services.entries()) {
          while (Date.now() < deadline && (await configVersion(service)) === versions[i]) await delay(50);
          applied[i] = Date.now();
        }
        while (
          Date.now() < deadline &&
          [0, 1].some((i) => answers.filter((a) => a.service === i && a.sentAt >= applied[i]!).length < 40)
        )
          await delay(50);
        bothOnChampion = Math.max(...applied);
      } finally {
        clearInterval(traffic);
        await Promise.allSettled([...inFlight]);
      }
      firstBadCall = Math.min(
        ...answers.filter((a) => a.status === 502 && a.variant === 'fraud-v4').map((a) => a.sentAt),
      );
      localTrips = (await prometheus.query('sum(modelroute_guard_trips_total)'))[0]?.value ?? -1;
      console.log(
        `alerts-e2e: first bad call -> rollback written ${written - firstBadCall} ms; -> both services on the champion ${bothOnChampion - firstBadCall} ms ` +
          `(rules for: 3s, window 10s, scrape/eval 1s, group_wait 1s); local guard trips: ${localTrips}; calls sent: ${answers.length}`,
      );
    }, 240_000);

    afterAll(async () => {
      await prometheus?.stop();
      await alertmanager?.stop();
      await receiver?.stop();
      await Promise.all(services.map((s) => s.stop()));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the canary served and failed on both services before the rollback', () => {
      for (const service of [0, 1]) {
        const mine = answers.filter((a) => a.service === service && a.sentAt < written);
        expect(new Set(mine.map((a) => a.variant))).toEqual(new Set(['fraud-v3', 'fraud-v4']));
        expect(mine.some((a) => a.status === 502 && a.variant === 'fraud-v4')).toBe(true);
        expect(mine.every((a) => a.status === 200 || a.variant === 'fraud-v4')).toBe(true); // the champion never failed
      }
      expect(firstBadCall).toBeLessThan(written);
    });

    it("no service's own guard tripped: the failure was clear only across the fleet", () => {
      expect(localTrips).toBe(0);
      expect(answers.some((a) => a.reason === 'guard')).toBe(false);
    });

    it('the alert rolled the file back: canary weight 0, audited with the alert as evidence', async () => {
      const doc = JSON.parse(await readFile(file, 'utf8')) as typeof rollout;
      expect(doc.routes[ROUTE].weights).toEqual({ 'fraud-v3': 80, 'fraud-v4': 0 });
      const entries = (await readFile(`${file}.audit.log`, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: 'alertmanager',
        action: 'serve-alerts',
        changes: { [ROUTE]: expect.anything() },
        evidence: {
          source: 'alertmanager',
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
          generatorURL: expect.stringContaining('/graph?g0.expr='),
          labels: {
            alertname: 'ModelrouteErrorRate',
            severity: 'page',
            action: 'rollback',
            trigger: 'error_rate',
            route: ROUTE,
            variant: 'fraud-v4',
            feature_flag_key: ROUTE,
            feature_flag_result_variant: 'fraud-v4',
          },
          receiver: 'modelroute-rollback',
        },
      });
    });

    it('both services serve the champion once they applied the rolled-back file', () => {
      expect(bothOnChampion).toBeGreaterThan(written);
      for (const service of [0, 1]) {
        const after = answers.filter((a) => a.service === service && a.sentAt >= applied[service]!);
        expect(after.length).toBeGreaterThanOrEqual(40);
        expect(after.every((a) => a.status === 200 && a.variant === 'fraud-v3' && a.reason === 'weighted')).toBe(true);
      }
    });
  },
);
