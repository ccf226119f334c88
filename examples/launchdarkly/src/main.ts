// pnpm --filter @modelroute/example-launchdarkly start
// Without LAUNCHDARKLY_SDK_KEY: a canary steered through its stages from LaunchDarkly flags served by the
// SDK's TestData (no network). With it: follows your environment's `fraud-score-rollout` flag and prints
// where traffic goes every 2 seconds, so you can switch variations in the dashboard and watch.
import { createRouter } from '@modelroute/core';
import { launchDarklySource } from '@modelroute/launchdarkly';
import { init } from '@launchdarkly/node-server-sdk';
import { testDashboard } from './dashboard.js';
import { runDemo } from './run-demo.js';

const sdkKey = process.env.LAUNCHDARKLY_SDK_KEY;
if (!sdkKey) {
  const dashboard = await testDashboard();
  await runDemo({ dashboard });
  dashboard.client.close();
} else {
  const client = init(sdkKey);
  const source = launchDarklySource({ client, flagKey: process.env.LAUNCHDARKLY_FLAG_KEY ?? 'fraud-score-rollout' });
  const router = await createRouter({
    route: 'fraud-score',
    models: { 'fraud-v3': () => 0.1, 'fraud-v4': () => 0.2 },
    source,
    fallback: 'fraud-v3',
  });
  router.on('applied', (e) => console.log(`applied version ${e.version} from ${e.origin}`));
  router.on('rejected', (e) => console.log(`rejected (keeping ${e.keptVersion ?? 'the fallback'}): ${e.reason}`));
  setInterval(() => {
    let canary = 0;
    for (let i = 0; i < 1000; i++) {
      const decision = router.decide(`user-${i}`);
      if (decision.variant !== decision.champion) canary++;
    }
    console.log(
      `version ${router.configVersion ?? '(fallback)'}: ${(canary / 10).toFixed(1)}% of 1000 users off the champion`,
    );
  }, 2000);
}
