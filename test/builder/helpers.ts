import { analyze } from '../../src/engine/analyze.js';
import type { SystemModel } from '../../src/semantics/model.js';
import { withoutSpans } from '../helpers.js';

export { withoutSpans };

/** The analysis of a model on a fixed date, without spans: what must not depend on how it was written. */
export function findingsOf(model: SystemModel) {
  const analysis = analyze(model, { asOf: '2026-11-27' });
  return {
    findings: withoutSpans(analysis.findings),
    summary: analysis.summary,
    diagnostics: analysis.diagnostics.map((d) => `${d.code} ${d.message}`),
  };
}

/** Diagnostics as `CODE message` lines, for readable assertions. */
export function messages(result: { readonly diagnostics: readonly { code: string; message: string }[] }): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.message}`);
}
