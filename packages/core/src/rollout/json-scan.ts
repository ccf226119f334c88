/** Where JSON text stops being JSON: a 1-based line and column, and what was found there. */
export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A key that appears more than once in one JSON object. */
export interface DuplicateKey {
  /** Where the object is, as `routes.fraud-score.weights` (empty for the top level). */
  readonly path: string;
  readonly key: string;
  /** 1-based line and column of the repeated occurrence. */
  readonly line: number;
  readonly column: number;
}

/** What {@link scanJson} finds: the first syntax error (if any) and every duplicated key before it. */
export interface JsonScan {
  readonly error: JsonSyntaxError | undefined;
  /** Keys that appear more than once in the same object, in order of appearance. */
  readonly duplicates: readonly DuplicateKey[];
}

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A string token: no raw control characters, only JSON's escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw U+0000 to U+001F in strings; this is that rule.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly what: string,
  ) {
    super(what);
  }
}

/**
 * A strict JSON scanner (RFC 8259) that builds no values: it finds where text stops being JSON (for an
 * error with a line and a column, which `JSON.parse` in Node 20 often omits) and which object keys repeat
 * (`JSON.parse` keeps the last silently, which can hide a rollback). Linear in the text's length.
 */
export function scanJson(text: string): JsonScan {
  const duplicates: DuplicateKey[] = [];
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const found = (): string =>
    i >= text.length ? 'unexpected end of the text' : `unexpected ${JSON.stringify(text[i])}`;
  const expect = (char: string): void => {
    skip();
    if (text[i] !== char) throw new Stop(i, i >= text.length ? found() : `expected ${JSON.stringify(char)}`);
    i++;
  };
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (match === null) return undefined;
    i += match[0].length;
    return match[0];
  };
  const value = (path: string, depth: number): void => {
    if (depth > 1000) throw new Stop(i, 'nested too deeply');
    skip();
    const char = text[i];
    if (char === '{') {
      object(path, depth);
      return;
    }
    if (char === '[') {
      array(path, depth);
      return;
    }
    if (char === '"') {
      if (token(STRING) === undefined) throw new Stop(i, 'a string with a raw control character or a bad escape');
      return;
    }
    if (char !== undefined && (char === '-' || (char >= '0' && char <= '9'))) {
      if (token(NUMBER) !== undefined) return;
    }
    for (const literal of LITERALS) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    throw new Stop(i, found());
  };
  const object = (path: string, depth: number): void => {
    i++;
    skip();
    if (text[i] === '}') {
      i++;
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      skip();
      if (text[i] !== '"') throw new Stop(i, i >= text.length ? found() : 'expected a key in double quotes');
      const keyAt = i;
      const raw = token(STRING);
      if (raw === undefined) throw new Stop(i, 'a key with a raw control character or a bad escape');
      const key = JSON.parse(raw) as string;
      const at = path === '' ? key : `${path}.${key}`;
      if (seen.has(key)) {
        const { line, column } = locate(text, keyAt, '');
        duplicates.push({ path, key, line, column });
      }
      seen.add(key);
      expect(':');
      value(at, depth + 1);
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      throw new Stop(i, i >= text.length ? found() : 'expected "," or "}"');
    }
  };
  const array = (path: string, depth: number): void => {
    i++;
    skip();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      value(`${path}.${n}`, depth + 1);
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      throw new Stop(i, i >= text.length ? found() : 'expected "," or "]"');
    }
  };
  try {
    value('', 0);
    skip();
    if (i < text.length) throw new Stop(i, `${found()} after the end of the document`);
    return { error: undefined, duplicates };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { error: locate(text, error.at, error.what), duplicates };
  }
}

function locate(text: string, at: number, message: string): JsonSyntaxError {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: at - start + 1, message };
}
