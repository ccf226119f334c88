/** A model: any function from input to output, sync or async. */
export type Model<I, O> = (input: I) => O | Promise<O>;
