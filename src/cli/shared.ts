import fs from 'node:fs';
import type { LoadResult } from '../compile.js';
import pc from 'picocolors';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { noColor, renderDiagnostic, type Palette } from '../diagnostics/render-text.js';
import { describeReadError, load } from '../node/load.js';
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

/** A file's text, or undefined after reporting why it cannot be read (AITM205). */
export function readOrReport(file: string, io: CliIo, palette: Palette): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr.write(renderDiagnostic(diagnostic('AITM205', `cannot read \`${file}\`: ${describeReadError(error)}`), new Map(), palette) + '\n\n');
    return undefined;
  }
}
