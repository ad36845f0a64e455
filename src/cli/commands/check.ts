import pc from 'picocolors';
import type { LoadResult } from '../../compile.js';
import { diagnosticToJson } from '../../diagnostics/render-json.js';
import { noColor, renderDiagnostic, summarize } from '../../diagnostics/render-text.js';
import { load } from '../../node/load.js';
import { checkExitCode, type ExitCode } from '../exit-code.js';
import { useColor, type CliIo } from '../io.js';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly format: 'text' | 'json';
  readonly strict: boolean;
}

/** `aitm check`: load each file as a model, print its diagnostics to stderr (JSON to stdout). */
export function check(options: CheckOptions, io: CliIo): ExitCode {
  const results = options.files.map((file) => ({ file, result: load(file) }));
  const all = results.flatMap(({ result }) => result.diagnostics);
  if (options.format === 'json') {
    const json = {
      version: 1,
      files: results.map(({ file, result }) => ({
        file,
        ok: result.ok,
        diagnostics: result.diagnostics.map(diagnosticToJson),
      })),
    };
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    const palette = useColor(io, io.stderrIsTTY) ? pc.createColors(true) : noColor;
    for (const { file, result } of results) writeText(file, result, io, palette);
  }
  return checkExitCode(all, { strict: options.strict });
}

function writeText(file: string, result: LoadResult, io: CliIo, palette: typeof noColor): void {
  for (const d of result.diagnostics) io.stderr.write(renderDiagnostic(d, result.sources, palette) + '\n\n');
  const files = result.model.files.length > 1 ? ` (${result.model.files.length} files)` : '';
  const summary = summarize(result.diagnostics);
  const mark = result.ok ? palette.bold('✓') : palette.red('✗');
  io.stderr.write(`${mark} ${file}${files}: ${summary}\n`);
}
