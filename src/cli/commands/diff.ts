import { diffModels } from '../../diff/diff.js';
import { analyze } from '../../engine/analyze.js';
import { severityRank, type RiskSeverity } from '../../engine/severity.js';
import { loadAtRevision } from '../../node/git-revision.js';
import { diffToMarkdown } from '../../render/diff-markdown.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { analysisOptions, loadClean, writeOutput, type AnalysisFlags } from '../shared.js';

export type DiffOptions = (
  | { readonly old: string; readonly new: string; readonly base?: undefined }
  /** The same file at a git revision and in the working tree. */
  | { readonly base: string; readonly file: string }
) &
  AnalysisFlags & {
    readonly failOn: RiskSeverity | undefined;
    readonly output: string | undefined;
  };

/**
 * `aitm diff`: what a change does to the threat model, as Markdown for a pull-request comment.
 * Exits 1 when it introduces an open finding at or above --fail-on, 2 when either version has errors.
 */
export function diff(options: DiffOptions, io: CliIo): ExitCode {
  const before =
    options.base !== undefined
      ? loadClean(options.file, io, `not compared, the version at ${options.base} has errors or cannot be read`, (file) => loadAtRevision(file, options.base))
      : loadClean(options.old, io, 'not compared');
  const after = loadClean(options.base !== undefined ? options.file : options.new, io, 'not compared');
  if (!before || !after) return ExitCode.invalid;

  const settings = analysisOptions(options, io);
  if (!settings) return ExitCode.invalid;
  const analyse = (model: typeof before.model) => ({ model, analysis: analyze(model, settings) });
  const changes = diffModels(analyse(before.model), analyse(after.model));
  const names = options.base !== undefined ? { before: options.base, after: options.file } : { before: options.old, after: options.new };
  const written = writeOutput(diffToMarkdown({ diff: changes, ...names }), options.output, io);
  if (written !== ExitCode.ok) return written;
  const threshold = options.failOn;
  const failing = threshold ? changes.introduced.filter((i) => severityRank(i.finding.severity) >= severityRank(threshold)) : [];
  if (failing.length > 0) {
    io.stderr.write(`aitm: the change introduces ${failing.length} open finding${failing.length === 1 ? '' : 's'} at or above ${threshold}\n`);
    return ExitCode.findings;
  }
  return ExitCode.ok;
}
