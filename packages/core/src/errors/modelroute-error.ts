/**
 * Stable error codes. Match on `code`, never on the message: messages say what to do and may improve.
 */
export type ModelrouteErrorCode =
  | 'invalid_options'
  | 'invalid_document'
  | 'unknown_model'
  | 'no_model'
  | 'router_closed'
  | 'source_failed'
  | 'model_timeout'
  | 'invalid_outcome'
  | 'model_overloaded'
  | 'model_closed';

// Each built entry of @modelroute/core has its own copy of this class (the root entry is one file of its
// own: tsup.config.ts), and an application may load both the ESM and the CommonJS build. A brand in the
// global symbol registry makes an error of any copy a ModelrouteError of every copy: for `instanceof` and
// for isModelrouteError.
const BRAND = Symbol.for('modelroute.error');

/**
 * The one error family of modelroute. Every error that modelroute itself raises is a `ModelrouteError`
 * with a stable {@link ModelrouteErrorCode}; errors thrown by your own models pass through unchanged.
 */
export class ModelrouteError extends Error {
  /** True for a ModelrouteError of any copy of @modelroute/core (ESM and CommonJS builds, every entry). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the right-hand side of `instanceof`: a subclass (which does not own this method) checks its
    // own instances the ordinary way. The class is never named in its own body: a bundler then renames the
    // class (`_ModelrouteError` in logs and `constructor.name`).
    // biome-ignore lint/complexity/noThisInStatic: the class instanceof was asked about, not ModelrouteError
    if (!Object.hasOwn(this, Symbol.hasInstance)) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
  static {
    // biome-ignore lint/complexity/noThisInStatic: the class itself, unnamed (see above)
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  override readonly name = 'ModelrouteError';
  /** Stable, machine-readable code. */
  readonly code: ModelrouteErrorCode;
  /** Extra facts for the code, for example the list of validation problems. */
  readonly details: readonly string[];

  constructor(
    code: ModelrouteErrorCode,
    message: string,
    options: { cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
  }
}

/** True when `error` is a {@link ModelrouteError}, optionally with the given code. */
export function isModelrouteError(error: unknown, code?: ModelrouteErrorCode): error is ModelrouteError {
  return error instanceof ModelrouteError && (code === undefined || error.code === code);
}
