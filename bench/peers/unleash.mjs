// Unleash: variants of a flexible rollout from a bootstrap; refreshInterval 0 (never fetches), no metrics.
import { once } from 'node:events';
import { InMemStorageProvider, Unleash } from 'unleash-client';

export async function unleash(weights) {
  const ids = Object.keys(weights);
  const total = ids.reduce((s, v) => s + weights[v], 0);
  let left = 1000; // Unleash variant weights sum to 1000; the last takes the rest
  const variants = ids.map((name, i) => {
    const weight = i === ids.length - 1 ? left : Math.round((weights[name] / total) * 1000);
    left -= weight;
    return { name, weight, weightType: 'variable', stickiness: 'default' };
  });
  const client = new Unleash({
    appName: 'bench',
    url: 'http://127.0.0.1:9/api/',
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: [
        {
          name: 'exp',
          enabled: true,
          type: 'experiment',
          project: 'default',
          stale: false,
          impressionData: false,
          strategies: [
            {
              name: 'flexibleRollout',
              parameters: { rollout: '100', stickiness: 'default', groupId: 'exp' },
              constraints: [],
              variants,
            },
          ],
          variants: [],
        },
      ],
    },
  });
  client.on('error', () => {});
  client.on('warn', () => {});
  await once(client, 'ready');
  return {
    sync: true,
    choose: (unit) => client.getVariant('exp', { userId: unit }).name,
    close: () => client.destroy(),
  };
}
