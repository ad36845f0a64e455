import fs from 'node:fs';
import type { LoadedCatalog } from '../catalog/load-catalog.js';
import type { LoadResult } from '../compile.js';
import pc from 'picocolors';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { noColor, renderDiagnostic, type Palette } from '../diagnostics/render-text.js';
import { prepareCatalog, threatsToDisable, type AnalyzeOptions } from '../engine/analyze.js';
import { describeReadError, load } from '../node/load.js';
import { readTextFile } from '../node/read-text.js';
import { SourceFile } from '../source/source-file.js';
import { ExitCode } from './exit-code.js';
import { useColor, type CliIo } from './io.js';

/** Load a model for a command that needs it clean; explain and return undefined when it is not. */
export function loadClean<T extends LoadResult = LoadResult>(
  file: string,
  io: CliIo,
  consequence: string,
  loader: (file: string) => T = load as (file: string) => T,
): T | undefined {
  const loaded = loader(file);
  if (loaded.ok) return loaded;
  for (const d of loaded.diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, noColor) + '\n\n');
  io.stderr.write(`aitm: ${file}: ${consequence}, the model has errors\n`);
  return undefined;
}

/** Write a command's output to `-o FILE`, or to stdout. */
export function writeOutput(text: string, output: string | undefined, io: CliIo): ExitCode {
  if (!output) {
    io.stdout.write(text);
    return ExitCode.ok;
  }
  try {
    fs.writeFileSync(output, text);
    return ExitCode.ok;
  } catch (error) {
    io.stderr.write(`aitm: cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return ExitCode.invalid;
  }
}

/** Colours for what goes to stderr: only on a terminal, and never with NO_COLOR. */
export function stderrPalette(io: CliIo): Palette {
  return useColor(io, io.stderrIsTTY) ? pc.createColors(true) : noColor;
}

/** A file's text, or undefined after reporting why it cannot be read (AITM205) or is not (AITM150). */
export function readOrReport(file: string, io: CliIo, palette: Palette): string | undefined {
  const read = readOrDiagnose(file);
  if ('text' in read) return read.text;
  io.stderr.write(renderDiagnostic(read.problem, new Map(), palette) + '\n\n');
  return undefined;
}

/** A file's text, or the diagnostic that says why there is none. */
function readOrDiagnose(file: string, what = ''): { text: string } | { problem: Diagnostic } {
  try {
    const read = readTextFile(file);
    return 'text' in read ? read : { problem: read.tooLarge };
  } catch (error) {
    return { problem: diagnostic('AITM205', `cannot read ${what}\`${file}\`: ${describeReadError(error)}`) };
  }
}

/** The catalogs given with `--catalog`, on top of the built-in one, and what is wrong with them. */
export function readCatalogs(files: readonly string[]) {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, SourceFile>();
  const texts: { name: string; text: string }[] = [];
  for (const file of files) {
    const read = readOrDiagnose(file, 'catalog ');
    if ('problem' in read) {
      diagnostics.push(read.problem);
      continue;
    }
    texts.push({ name: file, text: read.text });
    sources.set(file, new SourceFile(file, read.text));
  }
  const loaded: LoadedCatalog = prepareCatalog({ catalogs: texts });
  diagnostics.push(...loaded.diagnostics);
  return { loaded, diagnostics, sources };
}

/** The options every analysing command takes: `--catalog`, `--disable` and `--as-of`. */
export interface AnalysisFlags {
  readonly catalogs: readonly string[];
  readonly disable: readonly string[];
  readonly asOf: string | undefined;
}

/**
 * What `analyze` needs, from the command line. What is wrong with a catalog or a disabled id is
 * reported on stderr, and an error there gives undefined: a report, diagram or export that
 * quietly left out a team's own threats, or kept one meant to be disabled, would look right and
 * not be.
 */
export function analysisOptions(flags: AnalysisFlags, io: CliIo, refusal = 'nothing written'): (AnalyzeOptions & { catalog: LoadedCatalog }) | undefined {
  const catalogs = readCatalogs(flags.catalogs);
  const disabled = threatsToDisable(catalogs.loaded.catalog, flags.disable);
  const palette = stderrPalette(io);
  for (const d of [...catalogs.diagnostics, ...disabled.diagnostics]) io.stderr.write(renderDiagnostic(d, catalogs.sources, palette) + '\n\n');
  const refused = hasErrors(catalogs.diagnostics) ? 'a catalog has errors' : hasErrors(disabled.diagnostics) ? '`--disable` names a threat no catalog has' : undefined;
  if (refused) {
    io.stderr.write(`aitm: ${refusal}, ${refused}\n`);
    return undefined;
  }
  return { catalog: catalogs.loaded, disable: [...disabled.ids], asOf: flags.asOf };
}
