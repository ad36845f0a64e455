import fs from 'node:fs';
import path from 'node:path';
import type { LoadedCatalog } from '../catalog/load-catalog.js';
import { parseWithSyntax, type LoadResult } from '../compile.js';
import pc from 'picocolors';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { noColor, renderDiagnostic, type Palette } from '../diagnostics/render-text.js';
import { prepareCatalog, threatsToDisable, type AnalyzeOptions } from '../engine/analyze.js';
import { describeReadError, load, loadWithSyntax } from '../node/load.js';
import { fileSystemHost } from '../node/file-system-host.js';
import { readTextFile } from '../node/read-text.js';
import { SourceFile } from '../source/source-file.js';
import { ExitCode } from './exit-code.js';
import { stdinArgument } from './inputs.js';
import { useColor, type CliIo } from './io.js';

/** What a model read from standard input is called in diagnostics and reports. */
export const stdinName = '<stdin>';

/**
 * A model from a file, or from standard input for `-` (its imports are read relative to the
 * working directory, which is also its project root).
 */
export function readModel(file: string, io: CliIo): LoadResult {
  if (file !== stdinArgument) return load(file);
  const { syntax: _syntax, ...result } = readModelWithSyntax(file, io);
  return result;
}

/** `readModel`, also returning the syntax trees (for `verify`). */
export function readModelWithSyntax(file: string, io: CliIo): ReturnType<typeof loadWithSyntax> {
  if (file !== stdinArgument) return loadWithSyntax(file);
  return parseWithSyntax(io.readStdin(), { file: stdinName, root: process.cwd(), host: fileSystemHost });
}

/** Each file's model, in order, leaving out a file that another of them imports (see `entriesOnly`). */
export function readModels<T extends LoadResult>(files: readonly string[], read: (file: string) => T): { file: string; loaded: T }[] {
  return entriesOnly(
    files.map((file) => ({ file, loaded: read(file) })),
    (m) => m.file,
    (m) => m.loaded.model.files,
  );
}

/**
 * The models given, leaving out a file that another of them imports: that file is checked as
 * part of the model that imports it, and on its own it is a fragment (no system, data declared for
 * the importer), which is what a folder of models usually holds beside its entries. `filesOf`
 * gives the files a model was read from, its own first.
 */
export function entriesOnly<T>(models: readonly T[], fileOf: (model: T) => string, filesOf: (model: T) => readonly string[]): T[] {
  const imported = new Set(models.flatMap((m) => filesOf(m).slice(1).map((f) => path.resolve(f))));
  return models.filter((m) => {
    const file = fileOf(m);
    return file === stdinArgument || file === stdinName || !imported.has(path.resolve(file));
  });
}

/** Load a model for a command that needs it clean; explain and return undefined when it is not. */
export function loadClean<T extends LoadResult = LoadResult>(
  file: string,
  io: CliIo,
  consequence: string,
  loader: (file: string) => T = (file) => readModel(file, io) as T,
): T | undefined {
  return cleanOrExplain(file, loader(file), io, consequence);
}

/** A loaded model when it has no errors; otherwise undefined, after its problems and what was not done. */
export function cleanOrExplain<T extends LoadResult>(file: string, loaded: T, io: CliIo, consequence: string): T | undefined {
  if (loaded.ok) return loaded;
  for (const d of loaded.diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, noColor) + '\n\n');
  io.stderr.write(`aitm: ${file === stdinArgument ? stdinName : file}: ${consequence}, the model has errors\n`);
  return undefined;
}

/** Write a command's output to `-o FILE` (making its folder if need be), or to stdout. */
export function writeOutput(text: string, output: string | undefined, io: CliIo): ExitCode {
  if (!output) {
    io.stdout.write(text);
    return ExitCode.ok;
  }
  try {
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, text);
    return ExitCode.ok;
  } catch (error) {
    io.stderr.write(`aitm: cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
    return ExitCode.invalid;
  }
}

/** Colours for what goes to stderr: only on a terminal, and never with NO_COLOR. */
export function stderrPalette(io: CliIo): Palette {
  return palette(useColor(io, io.stderrIsTTY));
}

/** Colours for what goes to stdout, likewise. */
export function stdoutPalette(io: CliIo): Palette {
  return palette(useColor(io, io.stdoutIsTTY));
}

/** Terminal colours, or none. */
export function palette(color: boolean): Palette {
  return color ? pc.createColors(true) : noColor;
}

/**
 * A file's text (standard input's for `-`), or undefined after reporting why it cannot be read
 * (AITM205) or is not (AITM150).
 */
export function readOrReport(file: string, io: CliIo, palette: Palette): string | undefined {
  if (file === stdinArgument) return io.readStdin();
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
  // A catalog named both in the project config and with --catalog is read once.
  const unique = [...new Map(files.map((file) => [path.resolve(file), file])).values()];
  for (const file of unique) {
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
