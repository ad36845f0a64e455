import fs from 'node:fs';
import type { LoadResult } from '../compile.js';
import { noColor, renderDiagnostic } from '../diagnostics/render-text.js';
import { load } from '../node/load.js';
import { ExitCode } from './exit-code.js';
import type { CliIo } from './io.js';

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
