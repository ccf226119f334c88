// No model at all: returns the input's length. What crossing to a worker thread and back costs.
export default function echo(input) {
  return input.features.length;
}
