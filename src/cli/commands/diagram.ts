import fs from 'node:fs';
import { renderDiagnostic, noColor } from '../../diagnostics/render-text.js';
import { analyze } from '../../engine/analyze.js';
import { load } from '../../node/load.js';
import { toMermaid, type MermaidOptions } from '../../render/mermaid.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';

export interface DiagramOptions {
  readonly files: readonly string[];
  readonly output: string | undefined;
  readonly direction: MermaidOptions['direction'];
  readonly dataLabels: boolean;
  readonly threats: boolean;
}

/** `aitm diagram`: each model as a Mermaid flowchart, to stdout or one file. */
export function diagram(options: DiagramOptions, io: CliIo): ExitCode {
  const parts: string[] = [];
  let failed = false;
  for (const file of options.files) {
    const loaded = load(file);
    if (!loaded.ok) {
      for (const d of loaded.diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, noColor) + '\n\n');
      io.stderr.write(`aitm: ${file}: not drawn, the model has errors\n`);
      failed = true;
      continue;
    }
    const findings = options.threats ? analyze(loaded.model).findings : undefined;
    parts.push(toMermaid(loaded.model, { direction: options.direction, dataLabels: options.dataLabels, findings }));
  }
  const text = parts.join('\n');
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
