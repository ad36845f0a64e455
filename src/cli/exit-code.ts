import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Exit codes are part of the CLI's contract: CI scripts branch on them. */
export const ExitCode = {
  /** Nothing to report (warnings allowed unless --strict). */
  ok: 0,
  /** The input has errors, or warnings under --strict, or the command line is wrong. */
  invalid: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function checkExitCode(diagnostics: readonly Diagnostic[], options: { strict: boolean }): ExitCode {
  const fails = diagnostics.some((d) => d.severity === 'error' || (options.strict && d.severity === 'warning'));
  return fails ? ExitCode.invalid : ExitCode.ok;
}
