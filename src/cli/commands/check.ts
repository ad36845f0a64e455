import type { LoadResult } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnosticToJson } from '../../diagnostics/render-json.js';
import { renderDiagnostic, summarize, type Palette } from '../../diagnostics/render-text.js';
import { analyze } from '../../engine/analyze.js';
import type { LoadedCatalog } from '../../catalog/load-catalog.js';
import type { Finding } from '../../engine/finding.js';
import type { RiskSeverity } from '../../engine/severity.js';
import { plural } from '../../util/plural.js';
import { checkExitCode, type ExitCode } from '../exit-code.js';
import { stdinArgument } from '../inputs.js';
import { useColor, type CliIo } from '../io.js';
import { entriesOnly, palette, readCatalogs, readModel, stderrPalette, stdinName } from '../shared.js';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly format: 'text' | 'json';
  readonly strict: boolean;
  readonly failOn: RiskSeverity | undefined;
  readonly catalogs: readonly string[];
  readonly disable: readonly string[];
  readonly asOf: string | undefined;
  /** How many models to check at once, on worker threads (1: one after another, here). */
  readonly jobs?: number;
}

/** How one model's result is written: what the process's streams and options say. */
export interface CheckRendering {
  readonly format: 'text' | 'json';
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly stderrColor: boolean;
  readonly stdoutColor: boolean;
}

/**
 * Checking one model, rendered: the same whether it ran here or on a worker thread, so that the
 * output of a run does not depend on how many threads made it.
 */
export interface CheckedFile {
  readonly file: string;
  /** Every file the model was read from, entry first (imports after): what --watch watches. */
  readonly files: readonly string[];
  /** Its problems, as they are written to stderr (text format). */
  readonly stderr: string;
  /** Its line and open findings, as they are written to stdout (text format). */
  readonly stdout: string;
  /** Its entry in the JSON output (json format). */
  readonly json: unknown;
  /** What decides the exit code: its problems' severities and its findings' statuses and severities. */
  readonly problems: readonly Pick<Diagnostic, 'severity'>[];
  readonly findings: readonly Pick<Finding, 'status' | 'severity'>[];
}

/** Checks many models on worker threads (see src/cli/parallel.ts); absent where there are none (under test, in a library). */
export type ParallelCheck = (files: readonly string[], options: CheckOptions, rendering: CheckRendering, jobs: number) => CheckedFile[];

/**
 * `aitm check`: load each file as a model and, when it resolves cleanly, analyse it against the
 * catalog. Diagnostics go to stderr; the result, a line per file and its open findings, to stdout
 * (everything as JSON to stdout with --format json). Independent models are checked on worker
 * threads when `jobs` allows and the process can start them; the output is the same either way.
 */
export function check(options: CheckOptions, io: CliIo & { readonly parallel?: ParallelCheck }): ExitCode {
  return runCheck(options, io).code;
}

/** `check`, also returning every file it read (models, their imports, catalogs): what --watch watches. */
export function runCheck(options: CheckOptions, io: CliIo & { readonly parallel?: ParallelCheck }): { code: ExitCode; read: string[] } {
  const rendering: CheckRendering = {
    format: options.format,
    strict: options.strict,
    quiet: io.quiet === true,
    stderrColor: useColor(io, io.stderrIsTTY),
    stdoutColor: useColor(io, io.stdoutIsTTY),
  };
  const catalog = readCatalogs(options.catalogs);
  const onDisk = options.files.filter((f) => f !== stdinArgument);
  const jobs = Math.min(options.jobs ?? 1, onDisk.length);
  const checked = new Map<string, CheckedFile>();
  const threads = io.parallel && jobs > 1 ? jobs : 1;
  if (threads > 1) for (const r of io.parallel!(onDisk, options, rendering, threads)) checked.set(r.file, r);
  const all = options.files.map(
    (file) => checked.get(file) ?? checkFile(file === stdinArgument ? stdinName : file, readModel(file, io), catalog.loaded, options, rendering),
  );
  const results = entriesOnly(all, (r) => r.file, (r) => r.files);

  if (options.format === 'json') {
    const json = { version: 1, catalogDiagnostics: catalog.diagnostics.map(diagnosticToJson), files: results.map((r) => r.json) };
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    const palette = stderrPalette(io);
    for (const d of catalog.diagnostics.filter((d) => shown(d, rendering))) io.stderr.write(renderDiagnostic(d, catalog.sources, palette) + '\n\n');
    for (const r of results) io.stderr.write(r.stderr);
    for (const r of results) io.stdout.write(r.stdout);
    if (results.length > 1 && !rendering.quiet) io.stdout.write(portfolioSummary(results, threads));
  }
  const read = [...onDisk, ...options.catalogs, ...results.flatMap((r) => r.files.filter((f) => f !== stdinName))];
  const code = checkExitCode([...catalog.diagnostics, ...results.flatMap((r) => r.problems)], results.flatMap((r) => r.findings), {
    strict: options.strict,
    failOn: options.failOn,
  });
  return { code, read: [...new Set(read)] };
}

/** The last line when several models were checked: how many, how many clean, their open findings. */
function portfolioSummary(results: readonly CheckedFile[], threads: number): string {
  const withErrors = results.filter((r) => r.problems.some((p) => p.severity === 'error')).length;
  const open = results.flatMap((r) => r.findings).filter((f) => f.status === 'open');
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .map((k) => [k, open.filter((f) => f.severity === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const on = threads > 1 ? ` on ${threads} threads` : '';
  return `checked ${plural(results.length, 'model')}${on}: ${results.length - withErrors} clean, ${withErrors} with errors; ${plural(open.length, 'open finding')}${bySeverity ? ` (${bySeverity})` : ''}
`;
}

/** Under --quiet, warnings are left out unless --strict makes them fail the run. */
function shown(d: Diagnostic, rendering: CheckRendering): boolean {
  return !rendering.quiet || rendering.strict || d.severity === 'error';
}

/** Check one loaded model and render its result. */
export function checkFile(file: string, loaded: LoadResult, catalog: LoadedCatalog, options: CheckOptions, rendering: CheckRendering): CheckedFile {
  const analysis = loaded.ok ? analyze(loaded.model, { catalog, disable: options.disable, asOf: options.asOf }) : undefined;
  const diagnostics = [...loaded.diagnostics, ...(analysis?.diagnostics ?? [])];
  const ok = !diagnostics.some((d) => d.severity === 'error');
  // Only what the exit code needs travels back from a worker thread.
  const findings = (analysis?.findings ?? []).map((f) => ({ status: f.status, severity: f.severity }));
  const problems = diagnostics.map((d) => ({ severity: d.severity }));
  const files = [...loaded.sources.keys()];
  if (rendering.format === 'json') {
    const json = { file, ok, diagnostics: diagnostics.map(diagnosticToJson), findings: analysis?.findings ?? [], summary: analysis?.summary ?? null };
    return { file, files, stderr: '', stdout: '', json, problems, findings };
  }
  const stderr = diagnostics
    .filter((d) => shown(d, rendering))
    .map((d) => renderDiagnostic(d, loaded.sources, palette(rendering.stderrColor)) + '\n\n')
    .join('');
  const stdout = resultText(file, loaded, diagnostics, analysis, rendering.quiet, palette(rendering.stdoutColor));
  return { file, files, stderr, stdout, json: undefined, problems, findings };
}

const severityColor = (palette: Palette, severity: RiskSeverity) =>
  severity === 'critical' || severity === 'high' ? palette.red : severity === 'medium' ? palette.yellow : palette.cyan;

/** A file's line (✓ or ✗, and its problems in a word) and its open findings; under --quiet, only the findings. */
function resultText(
  file: string,
  loaded: LoadResult,
  diagnostics: readonly Diagnostic[],
  analysis: ReturnType<typeof analyze> | undefined,
  quiet: boolean,
  palette: Palette,
): string {
  let out = '';
  const files = loaded.model.files.length > 1 ? ` (${loaded.model.files.length} files)` : '';
  const ok = !diagnostics.some((d) => d.severity === 'error');
  if (!quiet) out += `${ok ? palette.bold('✓') : palette.red('✗')} ${file}${files}: ${summarize(diagnostics)}\n`;
  if (!analysis) return out;
  const s = analysis.summary;
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${s.bySeverity[k]} ${k}`)
    .join(', ');
  const handled = (['mitigated', 'planned', 'accepted', 'dismissed'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  if (!quiet) out += `  findings: ${s.open} open${bySeverity ? ` (${bySeverity})` : ''}${handled.length ? `, ${handled.join(', ')}` : ''}\n`;
  const open = analysis.findings.filter((f) => f.status === 'open');
  const width = Math.max(0, ...open.map((f) => f.threat.length));
  const targetWidth = Math.max(0, ...open.map((f) => f.target.id.length));
  for (const f of open) {
    const where = `${f.target.span.file}:${f.target.span.line}:${f.target.span.column}`;
    out += `  ${severityColor(palette, f.severity)(f.severity.padEnd(8))} ${f.threat.padEnd(width)}  ${f.target.id.padEnd(targetWidth)}  ${where}\n`;
  }
  return out;
}
