import { analyze } from '../../engine/analyze.js';
import { toMermaid, type MermaidOptions } from '../../render/mermaid.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { loadClean, writeOutput } from '../shared.js';

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
    const loaded = loadClean(file, io, 'not drawn');
    if (!loaded) {
      failed = true;
      continue;
    }
    const findings = options.threats ? analyze(loaded.model).findings : undefined;
    parts.push(toMermaid(loaded.model, { direction: options.direction, dataLabels: options.dataLabels, findings }));
  }
  const written = writeOutput(parts.join('\n'), options.output, io);
  return failed ? ExitCode.invalid : written;
}
