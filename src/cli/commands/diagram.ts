import { analyze } from '../../engine/analyze.js';
import { mermaidText } from '../../render/mermaid-escape.js';
import { toMermaidDiagrams, type MermaidOptions } from '../../render/mermaid.js';
import { ExitCode } from '../exit-code.js';
import { note, type CliIo } from '../io.js';
import { analysisOptions, cleanOrExplain, readModel, readModels, writeOutput, type AnalysisFlags } from '../shared.js';

export interface DiagramOptions extends AnalysisFlags {
  readonly files: readonly string[];
  readonly output: string | undefined;
  readonly direction: MermaidOptions['direction'];
  readonly dataLabels: boolean;
  readonly threats: boolean;
  readonly focus: string | undefined;
  readonly boundary: string | undefined;
}

/** `aitm diagram`: each model as a Mermaid flowchart, to stdout or one file. */
export function diagram(options: DiagramOptions, io: CliIo): ExitCode {
  // Only the colours need an analysis: without them, no catalog is read.
  const settings = options.threats ? analysisOptions(options, io) : {};
  if (!settings) return ExitCode.invalid;
  const parts: string[] = [];
  let failed = false;
  for (const model of readModels(options.files, (file) => readModel(file, io))) {
    const file = model.file;
    const loaded = cleanOrExplain(file, model.loaded, io, 'not drawn');
    if (!loaded) {
      failed = true;
      continue;
    }
    for (const [option, id] of [['--focus', options.focus], ['--boundary', options.boundary]] as const) {
      const known = option === '--focus' ? loaded.model.elements.some((e) => e.id === id) : loaded.model.boundaries.some((b) => b.id === id);
      if (id !== undefined && !known) {
        io.stderr.write(`aitm: ${file}: ${option} names \`${id}\`, which the model does not declare\n`);
        return ExitCode.invalid;
      }
    }
    const findings = options.threats ? analyze(loaded.model, settings).findings : undefined;
    const diagrams = toMermaidDiagrams(loaded.model, { ...options, findings });
    if (diagrams.length > 1) {
      note(io, `aitm: ${file} is too large for one Mermaid diagram (500 edges, 50,000 characters); drawn as ${diagrams.length} diagrams: an overview and one per top-level boundary\n`);
    }
    parts.push(diagrams.length === 1 ? diagrams[0]!.text : diagrams.map((d) => `%% ${mermaidText(d.title)}\n${d.text}`).join('\n'));
  }
  const written = writeOutput(parts.join('\n'), options.output, io);
  return failed ? ExitCode.invalid : written;
}
