import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { analyze } from '../../engine/analyze.js';
import { isWithin } from '../../load/project-root.js';
import { toHtml } from '../../render/html.js';
import { toJsonReport } from '../../render/json-report.js';
import { toMarkdown } from '../../render/markdown.js';
import { toSarif } from '../../render/sarif.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { repositoryRoot } from '../project-config.js';
import { analysisOptions, cleanOrExplain, readModel, readModels, writeOutput, type AnalysisFlags } from '../shared.js';

export interface ReportOptions extends AnalysisFlags {
  readonly files: readonly string[];
  readonly format: 'sarif' | 'md' | 'json' | 'html';
  readonly output: string | undefined;
  /** SARIF: the code-scanning category (`automationDetails.id`). */
  readonly category?: string | undefined;
  /** SARIF: the folder artifact URIs are relative to. Default: the repository above the first model, else the working directory. */
  readonly sarifRoot?: string | undefined;
}

/** `aitm report`: the analysis of every file as one report, to stdout or a file. */
export function report(options: ReportOptions, io: CliIo): ExitCode {
  let script: string | undefined;
  if (options.format === 'html') {
    script = mermaidScript();
    if (script === undefined) {
      io.stderr.write('aitm: the HTML report draws its diagrams with mermaid, an optional dependency that is not installed here: `npm install mermaid` next to aitm\n');
      return ExitCode.invalid;
    }
  }
  const settings = analysisOptions(options, io);
  if (!settings) return ExitCode.invalid;
  const { catalog } = settings;
  const analyses = [];
  const pages: string[] = [];
  let failed = false;
  for (const model of readModels(options.files, (file) => readModel(file, io))) {
    const file = model.file;
    const loaded = cleanOrExplain(file, model.loaded, io, 'left out of the report');
    if (!loaded) {
      failed = true;
      continue;
    }
    const analysis = analyze(loaded.model, settings);
    analyses.push({ file, analysis, model: loaded.model, sources: loaded.sources });
    if (script !== undefined) pages.push(toHtml({ model: loaded.model, analysis, catalog: catalog.catalog, mermaidScript: script }));
    if (options.format === 'md') pages.push(toMarkdown({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources }));
  }
  let text: string;
  if (options.format === 'sarif') {
    const root = path.resolve(options.sarifRoot ?? repositoryRoot(path.dirname(path.resolve(options.files[0] ?? '.'))) ?? '.');
    const outside = analyses.flatMap((a) => [...a.sources.keys()]).find((file) => relativeUri(root, file) === undefined);
    if (outside !== undefined) {
      io.stderr.write(`aitm: ${outside} is outside ${root}, which SARIF paths are relative to: give --sarif-root a folder that holds every model\n`);
      return ExitCode.invalid;
    }
    text = toSarif({ analyses, catalog: catalog.catalog, automationId: options.category, artifactUri: (file) => relativeUri(root, file)! });
  } else {
    text = options.format === 'json' ? toJsonReport({ analyses, catalog: catalog.catalog }) : pages.join(options.format === 'md' ? '\n---\n\n' : '\n');
  }
  const written = writeOutput(text, options.output, io);
  return failed ? ExitCode.invalid : written;
}

/**
 * A file's URI relative to `root`, as code scanning resolves it against the repository's root:
 * forward slashes, each segment percent-encoded; undefined for a file outside `root`, which no
 * relative URI without `..` can name.
 */
function relativeUri(root: string, file: string): string | undefined {
  const absolute = path.resolve(file);
  if (absolute === root || !isWithin(root, absolute)) return undefined;
  return path.relative(root, absolute).split(path.sep).map(encodeURIComponent).join('/');
}

let mermaidSource: string | undefined;
/**
 * mermaid's browser build, from the installed package, to inline into HTML reports; undefined when
 * mermaid (an optional dependency: only this report needs it) is not installed.
 */
function mermaidScript(): string | undefined {
  if (mermaidSource === undefined) {
    try {
      mermaidSource = fs.readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
    } catch {
      return undefined;
    }
  }
  return mermaidSource;
}
