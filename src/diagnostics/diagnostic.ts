import type { Span } from '../source/span.js';
import { diagnosticCodes, type DiagnosticCode, type Severity } from './codes.js';
import { compareText } from '../util/compare.js';

/** A secondary span that explains the primary one ("first declared here"). */
export interface DiagnosticLabel {
  readonly span: Span;
  readonly message: string;
}

/**
 * One problem found in user input. Shaped after rustc/miette: a stable code, one self-contained
 * message line (what), a label on the narrowest offending span (why), and help (what to do).
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where it is. Absent only for problems with no place in a file (e.g. a missing entry file). */
  readonly span?: Span;
  /** Short text shown under the caret of the primary span. */
  readonly label?: string;
  readonly related?: readonly DiagnosticLabel[];
  readonly help?: string;
}

export interface DiagnosticInit {
  readonly span?: Span | undefined;
  readonly label?: string | undefined;
  readonly related?: readonly DiagnosticLabel[] | undefined;
  readonly help?: string | undefined;
}

/** Make a diagnostic whose severity is the one registered for its code. */
export function diagnostic(code: DiagnosticCode, message: string, init: DiagnosticInit = {}): Diagnostic {
  const result: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: diagnosticCodes[code].severity,
    message,
  };
  if (init.span) result.span = init.span;
  if (init.label) result.label = init.label;
  if (init.related && init.related.length > 0) result.related = init.related;
  if (init.help) result.help = init.help;
  return result;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: by file, then position, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const byFile = compareText(a.span?.file ?? '', b.span?.file ?? '');
  if (byFile !== 0) return byFile;
  const oa = a.span?.offset ?? -1;
  const ob = b.span?.offset ?? -1;
  if (oa !== ob) return oa - ob;
  return compareText(a.code, b.code) || severityRank[a.severity] - severityRank[b.severity] || compareText(a.message, b.message);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
