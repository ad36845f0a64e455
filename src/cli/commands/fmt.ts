import fs from 'node:fs';
import { renderDiagnostic } from '../../diagnostics/render-text.js';
import { format } from '../../format/format.js';
import { SourceFile } from '../../source/source-file.js';
import { ExitCode } from '../exit-code.js';
import { stdinArgument } from '../inputs.js';
import { note, type CliIo } from '../io.js';
import { readOrReport, stderrPalette, stdinName } from '../shared.js';

export interface FmtOptions {
  readonly files: readonly string[];
  /** Change nothing; exit 1 when a file is not formatted. */
  readonly check: boolean;
}

/**
 * `aitm fmt`: rewrite files in the canonical layout (only those that change). With --check, list
 * the files that would change and exit 1, for CI. A file with syntax errors is left alone and
 * reported (exit 2): formatting never guesses. `-` formats standard input to stdout.
 */
export function fmt(options: FmtOptions, io: CliIo): ExitCode {
  const palette = stderrPalette(io);
  let invalid = false;
  let unformatted = 0;
  for (const given of options.files) {
    const file = given === stdinArgument ? stdinName : given;
    const text = readOrReport(given, io, palette);
    if (text === undefined) {
      invalid = true;
      continue;
    }
    const result = format(text, { file });
    if (result.text === undefined) {
      const sources = new Map([[file, new SourceFile(file, text)]]);
      for (const d of result.diagnostics) io.stderr.write(renderDiagnostic(d, sources, palette) + '\n\n');
      io.stderr.write(`aitm: ${file}: not formatted, it has syntax errors\n`);
      invalid = true;
      continue;
    }
    if (given === stdinArgument && !options.check) {
      io.stdout.write(result.text);
      continue;
    }
    if (result.text === text) continue;
    unformatted++;
    if (options.check) {
      io.stdout.write(`${file}\n`);
      continue;
    }
    try {
      fs.writeFileSync(file, result.text);
      note(io, `formatted ${file}\n`);
    } catch (error) {
      io.stderr.write(`aitm: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      invalid = true;
    }
  }
  if (options.check && unformatted > 0) {
    io.stderr.write(`aitm: ${unformatted} file${unformatted === 1 ? ' is' : 's are'} not formatted; run \`aitm fmt\` on ${unformatted === 1 ? 'it' : 'them'}\n`);
  }
  if (invalid) return ExitCode.invalid;
  return options.check && unformatted > 0 ? ExitCode.findings : ExitCode.ok;
}
