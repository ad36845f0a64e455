import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Finding } from '../engine/finding.js';
import { toRange } from './ranges.js';
import type { DocumentState } from './document-state.js';

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * What the editor underlines in one file: every problem in it and, once the model resolves, each
 * open finding on an element or flow declared in it (so a threat shows where it can be fixed).
 */
export function documentDiagnostics(state: DocumentState, uriOf: (file: string) => string): LspDiagnostic[] {
  // Analysis has problems of its own (a control no catalog declares, an expired acceptance, a
  // disposition that matches nothing): `check` shows them, and so does the editor.
  const all = [...state.loaded.diagnostics, ...(state.analysis?.diagnostics ?? [])];
  const problems = all.filter((d) => !d.span || d.span.file === state.file).map((d) => problem(d, uriOf));
  const findings = (state.analysis?.findings ?? []).filter((f) => f.status === 'open' && f.target.span.file === state.file).map(finding);
  return [...problems, ...findings];
}

function problem(d: Diagnostic, uriOf: (file: string) => string): LspDiagnostic {
  return {
    range: d.span ? toRange(d.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: severities[d.severity],
    code: d.code,
    source: 'aitm',
    message: [d.message, d.help ? `help: ${d.help}` : ''].filter(Boolean).join('\n'),
    ...(d.related?.length
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: uriOf(r.span.file), range: toRange(r.span) }, message: r.message })) }
      : {}),
  };
}

function finding(f: Finding): LspDiagnostic {
  const missing = f.missingMitigations.map((m) => m.controls.join(' + ')).filter(Boolean);
  return {
    range: toRange(f.target.span),
    severity: f.severity === 'critical' || f.severity === 'high' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: f.threat,
    source: 'aitm threat',
    message: `${f.title} (${f.severity}): ${f.statusReason}\nwhy: ${f.explanation}${missing.length ? `\nmitigate with: ${missing.join(' or ')}` : ''}`,
  };
}
