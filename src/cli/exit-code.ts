import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Finding } from '../engine/finding.js';
import { severityRank, type RiskSeverity } from '../engine/severity.js';

/** Exit codes are part of the CLI's contract: CI scripts branch on them. */
export const ExitCode = {
  /** Nothing to report (warnings allowed unless --strict; findings allowed unless --fail-on). */
  ok: 0,
  /** An open finding at or above the --fail-on severity. */
  findings: 1,
  /** The input has errors, or warnings under --strict, or the command line is wrong. */
  invalid: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ExitPolicy {
  readonly strict: boolean;
  /** Fail on open findings at or above this severity; undefined: findings never fail. */
  readonly failOn: RiskSeverity | undefined;
}

/** Input problems outrank findings: a model with errors was not (fully) analysed. */
export function checkExitCode(
  diagnostics: readonly Pick<Diagnostic, 'severity'>[],
  findings: readonly Pick<Finding, 'status' | 'severity'>[],
  policy: ExitPolicy,
): ExitCode {
  if (diagnostics.some((d) => d.severity === 'error' || (policy.strict && d.severity === 'warning'))) return ExitCode.invalid;
  const threshold = policy.failOn;
  if (threshold && findings.some((f) => f.status === 'open' && severityRank(f.severity) >= severityRank(threshold))) {
    return ExitCode.findings;
  }
  return ExitCode.ok;
}
