import type { Diagnostic } from './diagnostic.js';
import { diagnosticCodes } from './codes.js';

/** The JSON form of a diagnostic: flat, with the location spelled out, for tools and editors. */
export interface DiagnosticJson {
  readonly code: string;
  readonly title: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly offset: number | null;
  readonly length: number | null;
  readonly label: string | null;
  readonly help: string | null;
  readonly related: readonly { file: string; line: number; column: number; message: string }[];
}

export function diagnosticToJson(d: Diagnostic): DiagnosticJson {
  return {
    code: d.code,
    title: diagnosticCodes[d.code].title,
    severity: d.severity,
    message: d.message,
    file: d.span?.file ?? null,
    line: d.span?.line ?? null,
    column: d.span?.column ?? null,
    endLine: d.span?.endLine ?? null,
    endColumn: d.span?.endColumn ?? null,
    offset: d.span?.offset ?? null,
    length: d.span?.length ?? null,
    label: d.label ?? null,
    help: d.help ?? null,
    related: (d.related ?? []).map((r) => ({ file: r.span.file, line: r.span.line, column: r.span.column, message: r.message })),
  };
}
