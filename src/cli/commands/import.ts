import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderDiagnostic } from '../../diagnostics/render-text.js';
import { fromOtm } from '../../interop/otm-import.js';
import { SourceFile } from '../../source/source-file.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { analysisOptions, readOrReport, stderrPalette, writeOutput } from '../shared.js';

export interface ImportOptions {
  readonly file: string;
  readonly output: string | undefined;
  /** Catalogs beyond the built-in one, whose threat ids the document's threats may name. */
  readonly catalogs: readonly string[];
}

/** `aitm import`: an Open Threat Model JSON document as a formatted .aitm model. */
export function importModel(options: ImportOptions, io: CliIo): ExitCode {
  const settings = analysisOptions({ catalogs: options.catalogs, disable: [], asOf: undefined }, io);
  if (!settings) return ExitCode.invalid;
  const palette = stderrPalette(io);
  const text = readOrReport(options.file, io, palette);
  if (text === undefined) return ExitCode.invalid;
  const result = fromOtm(text, { file: options.file, catalog: settings.catalog });
  const sources = new Map([[options.file, new SourceFile(options.file, text)]]);
  for (const d of result.diagnostics) io.stderr.write(renderDiagnostic(d, sources, palette) + '\n\n');
  if (result.text === undefined || hasErrors(result.diagnostics)) {
    io.stderr.write(`aitm: ${options.file}: not imported\n`);
    return ExitCode.invalid;
  }
  return writeOutput(result.text, options.output, io);
}
