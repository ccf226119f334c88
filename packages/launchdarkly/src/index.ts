export { launchDarklySource } from './launchdarkly-source.js';
export type { LaunchDarklySourceOptions, ContextFor } from './options.js';
export type { LaunchDarklyClient, LaunchDarklyContext, LaunchDarklyEvaluationDetail } from './client.js';
