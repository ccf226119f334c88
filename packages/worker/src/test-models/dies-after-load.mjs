// A model whose module loads, then ends its thread with an unhandled rejection before any call reaches it
// (a session created without awaiting it, whose creation fails).
const session = (async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  throw new Error('fraud-v5.onnx: no such file');
})();
export default async function score(input) {
  return (await session).run(input);
}
