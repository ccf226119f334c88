import { onTestFinished, vi } from 'vitest';

/** A process warning as a test sees it. */
export interface CapturedWarning {
  message: string;
  code: string | undefined;
}

/**
 * Captures the process warnings of the rest of the current test instead of letting Node print them, so
 * that a test asserts the warnings it expects and `pnpm test` prints no alarming lines. Restored when the
 * test finishes.
 */
export function captureWarnings(): CapturedWarning[] {
  const captured: CapturedWarning[] = [];
  const capture = (warning: string | Error, options?: string | { code?: string }): void => {
    const code = typeof options === 'object' ? options.code : (warning as { code?: string }).code;
    captured.push({ message: typeof warning === 'string' ? warning : warning.message, code });
  };
  const spy = vi.spyOn(process, 'emitWarning').mockImplementation(capture as typeof process.emitWarning);
  onTestFinished(() => spy.mockRestore());
  return captured;
}
