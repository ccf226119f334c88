// A model whose module fails while it loads, in a timer its import cannot catch (an uncaught exception).
await new Promise((resolve) => {
  setTimeout(() => {
    throw new Error('the model failed in a timer while it loaded');
  }, 5);
  setTimeout(resolve, 200);
});
export default (input) => ({ score: input.value * 2 });
