import path from 'node:path';
import { analyze } from '../../engine/analyze.js';
import { toCycloneDxJson } from '../../interop/cyclonedx.js';
import { toOtmJson } from '../../interop/otm-export.js';
import { ExitCode } from '../exit-code.js';
import { stdinArgument } from '../inputs.js';
import type { CliIo } from '../io.js';
import { analysisOptions, loadClean, stdinName, writeOutput, type AnalysisFlags } from '../shared.js';

export interface ExportOptions extends AnalysisFlags {
  readonly file: string;
  readonly format: 'otm' | 'cyclonedx';
  readonly output: string | undefined;
}

/** `aitm export`: the model and its analysis as Open Threat Model JSON, or its AI parts as a CycloneDX 1.6 BOM. */
export function exportModel(options: ExportOptions, io: CliIo): ExitCode {
  const loaded = loadClean(options.file, io, 'not exported');
  if (!loaded) return ExitCode.invalid;
  const settings = analysisOptions(options, io);
  if (!settings) return ExitCode.invalid;
  const { catalog } = settings;
  const analysis = analyze(loaded.model, settings);
  const text =
    options.format === 'otm'
      ? toOtmJson({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources })
      : toCycloneDxJson({
          model: loaded.model,
          analysis,
          // The BOM refers back to the model relative to where the BOM is written (stdout: here).
          modelFile: options.file === stdinArgument ? stdinName : path.relative(options.output ? path.dirname(path.resolve(options.output)) : process.cwd(), path.resolve(options.file)).split(path.sep).join('/'),
        });
  return writeOutput(text, options.output, io);
}
