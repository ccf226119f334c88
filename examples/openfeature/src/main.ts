// pnpm --filter @modelroute/example-openfeature start
// A canary steered through OpenFeature flags on the in-memory provider; swap in your vendor's provider
// in provider.ts (OpenFeature.setProviderAndWait) and the rest stays as it is.
import { OpenFeature } from '@openfeature/server-sdk';
import { inMemoryFlags } from './provider.js';
import { runDemo } from './run-demo.js';

await runDemo({ flags: await inMemoryFlags() });
await OpenFeature.close();
