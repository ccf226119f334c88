export { openFeatureSource } from './openfeature-source.js';
export type { OpenFeatureSourceOptions, ContextFor } from './options.js';
export type { OpenFeatureClient, OpenFeatureContext, OpenFeatureEvaluationDetails } from './client.js';
