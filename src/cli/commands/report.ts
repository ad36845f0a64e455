import { analyze } from '../../engine/analyze.js';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { toHtml } from '../../render/html.js';
import { toJsonReport } from '../../render/json-report.js';
import { toMarkdown } from '../../render/markdown.js';
import { toSarif } from '../../render/sarif.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { analysisOptions, loadClean, writeOutput, type AnalysisFlags } from '../shared.js';

export interface ReportOptions extends AnalysisFlags {
  readonly files: readonly string[];
  readonly format: 'sarif' | 'md' | 'json' | 'html';
  readonly output: string | undefined;
}

/** `aitm report`: the analysis of every file as one report, to stdout or a file. */
export function report(options: ReportOptions, io: CliIo): ExitCode {
  const settings = analysisOptions(options, io);
  if (!settings) return ExitCode.invalid;
  const { catalog } = settings;
  const analyses = [];
  const markdown: string[] = [];
  let failed = false;
  for (const file of options.files) {
    const loaded = loadClean(file, io, 'left out of the report');
    if (!loaded) {
      failed = true;
      continue;
    }
    const analysis = analyze(loaded.model, settings);
    analyses.push({ file, analysis, model: loaded.model, sources: loaded.sources });
    if (options.format === 'html') markdown.push(toHtml({ model: loaded.model, analysis, catalog: catalog.catalog, mermaidScript: mermaidScript() }));
    if (options.format === 'md') markdown.push(toMarkdown({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources }));
  }
  const text =
    options.format === 'html'
      ? markdown.join('\n')
      : options.format === 'md'
      ? markdown.join('\n---\n\n')
      : options.format === 'json'
        ? toJsonReport({ analyses, catalog: catalog.catalog })
        : toSarif({ analyses, catalog: catalog.catalog });
  const written = writeOutput(text, options.output, io);
  return failed ? ExitCode.invalid : written;
}

let mermaidSource: string | undefined;
/** mermaid's browser build, from the installed package, to inline into HTML reports. */
function mermaidScript(): string {
  mermaidSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  return mermaidSource;
}
