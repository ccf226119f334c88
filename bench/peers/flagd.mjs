// OpenFeature with flagd's in-process provider reading a flag file (offlineFlagSourcePath), fractional.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlagdProvider } from '@openfeature/flagd-provider';
import { OpenFeature } from '@openfeature/server-sdk';

let instances = 0;

export async function flagd(weights) {
  const ids = Object.keys(weights);
  const dir = mkdtempSync(join(tmpdir(), 'modelroute-bench-flagd-'));
  const file = join(dir, 'flags.json');
  writeFileSync(
    file,
    JSON.stringify({
      flags: {
        exp: {
          state: 'ENABLED',
          variants: Object.fromEntries(ids.map((v) => [v, v])),
          defaultVariant: ids[0],
          targeting: { fractional: ids.map((v) => [v, weights[v]]) },
        },
      },
    }),
  );
  const domain = `flagd-${instances++}`;
  const provider = new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: file });
  await OpenFeature.setProviderAndWait(domain, provider);
  const client = OpenFeature.getClient(domain);
  return {
    sync: false,
    choose: (unit) => client.getStringValue('exp', ids[0], { targetingKey: unit }),
    close: async () => {
      await provider.onClose?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
