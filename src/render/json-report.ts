import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { SystemModel } from '../semantics/model.js';
import { version } from '../version.js';

export interface JsonReportInput {
  readonly analyses: readonly {
    readonly file: string;
    readonly model: SystemModel;
    readonly analysis: AnalysisResult;
    readonly sources: ReadonlyMap<string, { readonly text: string }>;
  }[];
  readonly catalog: Catalog;
}

/** The full analysis as JSON (schema: docs/schema/report.schema.json). */
export function toJsonReport(input: JsonReportInput): string {
  const report = {
    version: 1,
    tool: { name: 'aitm', version },
    catalog: { version: input.catalog.version, threats: input.catalog.threats.length, sources: input.catalog.sources },
    files: input.analyses.map(({ file, model, analysis, sources }) => ({
      file,
      system: model.system ? { name: model.system.name, ...model.system.properties } : null,
      digests: model.files.map((f) => ({ file: f, sha256: createHash('sha256').update(sources.get(f)?.text ?? '').digest('hex') })),
      summary: analysis.summary,
      findings: analysis.findings,
      plan: analysis.plan,
      coverage: analysis.coverage,
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
