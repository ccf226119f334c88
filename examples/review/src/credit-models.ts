// Two simulated credit-risk models over the same applicants. v2 scores a little higher on average (its
// score distribution shifts) and leans on `zip_code` instead of `income`: neither errors nor slows down,
// so the guard's hard triggers stay quiet; the review's soft triggers should not.

export interface Applicant {
  readonly income: number;
  readonly debt: number;
  readonly age: number;
  readonly zipCode: number;
}

export interface Score {
  /** Which model answered: real services often return it; here explain() needs it. */
  readonly model: ModelId;
  readonly risk: number;
  readonly band: 'low' | 'medium' | 'high';
}

const FEATURES = ['income', 'debt', 'age', 'zip_code'] as const;
const WEIGHTS = {
  'credit-v1': { income: -1.2, debt: 0.9, age: -0.3, zip_code: 0.05 },
  'credit-v2': { income: -0.1, debt: 0.9, age: -0.3, zip_code: 1.1 },
} as const;
const OFFSET = { 'credit-v1': 0, 'credit-v2': 0.6 } as const;

export type ModelId = keyof typeof WEIGHTS;

const standardized = (a: Applicant): Record<(typeof FEATURES)[number], number> => ({
  income: (a.income - 60) / 20,
  debt: (a.debt - 15) / 8,
  age: (a.age - 40) / 12,
  zip_code: (a.zipCode - 50) / 29,
});

/** A logistic risk score and its band. */
export function score(model: ModelId, a: Applicant): Score {
  const z = standardized(a);
  const w = WEIGHTS[model];
  const logit = OFFSET[model] + FEATURES.reduce((sum, f) => sum + w[f] * z[f], 0);
  const risk = 1 / (1 + Math.exp(-logit));
  return { model, risk, band: risk < 0.35 ? 'low' : risk < 0.65 ? 'medium' : 'high' };
}

/** Per-feature contributions to the logit (exact for a linear model; SHAP values of the logit). */
export function explain(model: ModelId, a: Applicant): Record<string, number> {
  const z = standardized(a);
  return Object.fromEntries(FEATURES.map((f) => [f, WEIGHTS[model][f] * z[f]]));
}

/** Applicants from a seeded generator, so every run sees the same stream. */
export function applicants(seed: number): () => Applicant {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return () => ({
    income: 60 + 20 * normal(),
    debt: Math.max(0, 15 + 8 * normal()),
    age: 40 + 12 * normal(),
    zipCode: Math.floor(uniform() * 100),
  });
}
