import type { RouteDocument } from './schema.js';

// Tolerance when matching the candidate's normalized share to a step's weight (weights are written rounded).
const EPSILON = 1e-6;

/** The candidate's share of a route's traffic, in percent (0 to 100): its weight over the sum of the weights. */
export function candidateShare(doc: RouteDocument, candidate: string): number {
  let total = 0;
  for (const w of Object.values(doc.weights)) total += w;
  return total > 0 ? (100 * (doc.weights[candidate] ?? 0)) / total : 0;
}

/** The index of the step whose weight is the candidate's share in force, or -1 when none is. */
export function currentStepIndex(doc: RouteDocument): number {
  const stages = doc.stages;
  if (stages === undefined) return -1;
  const share = candidateShare(doc, stages.candidate);
  return stages.steps.findIndex((step) => Math.abs(step.weight - share) < EPSILON);
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The route's weights with the candidate at `percent` and the other models sharing the rest in the ratios
 * they have now (so that, by the hash's monotonicity, units only move into the candidate as it grows).
 * Weights are written as percentages that sum to 100.
 */
export function weightsWithCandidateAt(doc: RouteDocument, candidate: string, percent: number): Record<string, number> {
  let others = 0;
  for (const [name, w] of Object.entries(doc.weights)) if (name !== candidate) others += w;
  const rest = 100 - percent;
  const weights: Record<string, number> = {};
  for (const [name, w] of Object.entries(doc.weights))
    weights[name] = name === candidate ? percent : others > 0 ? round((rest * w) / others) : 0;
  // A champion with no weight left (every other model at 0) takes the rest.
  if (others === 0 && rest > 0) weights[doc.champion] = rest;
  return weights;
}
