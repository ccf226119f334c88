// A model whose module never finishes loading (a top-level await on something that never comes).
await new Promise(() => {});
export default (input) => ({ score: input.value * 2 });
