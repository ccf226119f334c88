/** A key that appears twice in one JSON object. */
export interface DuplicateKey {
  /** Where the object is, as `routes.fraud-score.weights` (empty for the top level). */
  readonly path: string;
  readonly key: string;
  /** 1-based line and column of the second occurrence. */
  readonly line: number;
  readonly column: number;
}

/**
 * Finds keys that appear more than once in one object of a JSON text (JSON.parse keeps the last one
 * silently, so a duplicated key can hide a rollback). Expects valid JSON (check with JSON.parse first).
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  // One frame per open object or array: its path, and for an object its keys and the key being read.
  const stack: { path: string[]; keys?: Set<string>; next?: string; index: number }[] = [];
  const at = (i: number) => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { line, column: i - before.lastIndexOf('\n') };
  };
  const childPath = (): string[] => {
    const top = stack.at(-1);
    if (top === undefined) return [];
    return [...top.path, top.keys ? (top.next ?? '') : String(top.index)];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      let j = end + 1;
      while (/\s/.test(text[j] ?? '')) j++;
      if (top?.keys && text[j] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) found.push({ path: top.path.join('.'), key, ...at(i) });
        top.keys.add(key);
        top.next = key;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ path: childPath(), index: 0, ...(c === '{' ? { keys: new Set<string>() } : {}) });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top && !top.keys) top.index++;
    }
  }
  return found;
}
