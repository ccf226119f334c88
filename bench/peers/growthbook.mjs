// GrowthBook: an experiment rule evaluated by the multi-user GrowthBookClient from a payload (no network).
import { GrowthBookClient } from '@growthbook/growthbook';

export async function growthBook(weights) {
  const ids = Object.keys(weights);
  const total = ids.reduce((s, v) => s + weights[v], 0);
  const client = new GrowthBookClient({}).initSync({
    payload: {
      features: {
        exp: {
          defaultValue: ids[0],
          rules: [
            {
              key: 'exp',
              seed: 'bench',
              hashAttribute: 'id',
              hashVersion: 2,
              variations: ids,
              weights: ids.map((v) => weights[v] / total),
            },
          ],
        },
      },
    },
  });
  return {
    sync: true,
    choose: (unit) => client.getFeatureValue('exp', ids[0], { attributes: { id: unit } }),
    close: () => client.destroy(),
  };
}
