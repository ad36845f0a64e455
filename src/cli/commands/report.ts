import fs from 'node:fs';
import { noColor, renderDiagnostic } from '../../diagnostics/render-text.js';
import { analyze, prepareCatalog } from '../../engine/analyze.js';
import { load } from '../../node/load.js';
import { toMarkdown } from '../../render/markdown.js';
import { toSarif } from '../../render/sarif.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';

export interface ReportOptions {
  readonly files: readonly string[];
  readonly format: 'sarif' | 'md';
  readonly output: string | undefined;
  readonly asOf: string | undefined;
}

/** `aitm report`: the analysis of every file as one report, to stdout or a file. */
export function report(options: ReportOptions, io: CliIo): ExitCode {
  const catalog = prepareCatalog();
  const analyses = [];
  const markdown: string[] = [];
  let failed = false;
  for (const file of options.files) {
    const loaded = load(file);
    if (!loaded.ok) {
      for (const d of loaded.diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, noColor) + '\n\n');
      io.stderr.write(`aitm: ${file}: left out of the report, the model has errors\n`);
      failed = true;
      continue;
    }
    const analysis = analyze(loaded.model, { catalog, asOf: options.asOf });
    analyses.push({ file, analysis });
    if (options.format === 'md') markdown.push(toMarkdown({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources }));
  }
  const text = options.format === 'md' ? markdown.join('\n---\n\n') : toSarif({ analyses, catalog: catalog.catalog });
  if (options.output) {
    try {
      fs.writeFileSync(options.output, text);
    } catch (error) {
      io.stderr.write(`aitm: cannot write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      return ExitCode.invalid;
    }
  } else {
    io.stdout.write(text);
  }
  return failed ? ExitCode.invalid : ExitCode.ok;
}
