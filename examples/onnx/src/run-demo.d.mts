/** See run-demo.mjs. */
export function runDemo(options?: { calls?: number; users?: number }): Promise<{
  modelBytes: number;
  scores: number[];
  pairs: number;
  outcomes: Record<string, number>;
  agree: number;
}>;
