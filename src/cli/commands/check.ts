import type { LoadResult } from '../../compile.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { diagnosticToJson } from '../../diagnostics/render-json.js';
import { renderDiagnostic, summarize, type Palette } from '../../diagnostics/render-text.js';
import { analyze, type AnalysisResult } from '../../engine/analyze.js';
import type { RiskSeverity } from '../../engine/severity.js';
import { checkExitCode, type ExitCode } from '../exit-code.js';
import { stdinArgument } from '../inputs.js';
import type { CliIo } from '../io.js';
import { readCatalogs, readModel, readModels, stderrPalette, stdinName, stdoutPalette } from '../shared.js';

export interface CheckOptions {
  readonly files: readonly string[];
  readonly format: 'text' | 'json';
  readonly strict: boolean;
  readonly failOn: RiskSeverity | undefined;
  readonly catalogs: readonly string[];
  readonly disable: readonly string[];
  readonly asOf: string | undefined;
}

interface Checked {
  readonly file: string;
  readonly loaded: LoadResult;
  readonly analysis: AnalysisResult | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `aitm check`: load each file as a model and, when it resolves cleanly, analyse it against the
 * catalog. Diagnostics go to stderr; the result, a line per file and its open findings, to stdout
 * (everything as JSON to stdout with --format json).
 */
export function check(options: CheckOptions, io: CliIo): ExitCode {
  return runCheck(options, io).code;
}

/** `check`, also returning every file it read (models, their imports, catalogs): what --watch watches. */
export function runCheck(options: CheckOptions, io: CliIo): { code: ExitCode; read: string[] } {
  const catalog = readCatalogs(options.catalogs);
  const results: Checked[] = readModels(options.files, (file) => readModel(file, io)).map(({ file, loaded }) => {
    const analysis = loaded.ok ? analyze(loaded.model, { catalog: catalog.loaded, disable: options.disable, asOf: options.asOf }) : undefined;
    return { file: file === stdinArgument ? stdinName : file, loaded, analysis, diagnostics: [...loaded.diagnostics, ...(analysis?.diagnostics ?? [])] };
  });
  const all = [...catalog.diagnostics, ...results.flatMap((r) => r.diagnostics)];
  const findings = results.flatMap((r) => r.analysis?.findings ?? []);

  if (options.format === 'json') {
    const json = {
      version: 1,
      catalogDiagnostics: catalog.diagnostics.map(diagnosticToJson),
      files: results.map((r) => ({
        file: r.file,
        ok: !r.diagnostics.some((d) => d.severity === 'error'),
        diagnostics: r.diagnostics.map(diagnosticToJson),
        findings: r.analysis?.findings ?? [],
        summary: r.analysis?.summary ?? null,
      })),
    };
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    const palette = stderrPalette(io);
    // Under --quiet, warnings are left out unless --strict makes them fail the run.
    const shown = (d: Diagnostic) => !io.quiet || options.strict || d.severity === 'error';
    for (const d of catalog.diagnostics.filter(shown)) io.stderr.write(renderDiagnostic(d, catalog.sources, palette) + '\n\n');
    for (const r of results) {
      for (const d of r.diagnostics.filter(shown)) io.stderr.write(renderDiagnostic(d, r.loaded.sources, palette) + '\n\n');
    }
    for (const r of results) writeResult(r, io, stdoutPalette(io));
  }
  const read = [...options.files.filter((f) => f !== stdinArgument), ...options.catalogs, ...results.flatMap((r) => [...r.loaded.sources.keys()].filter((f) => f !== stdinName))];
  return { code: checkExitCode(all, findings, { strict: options.strict, failOn: options.failOn }), read: [...new Set(read)] };
}

const severityColor = (palette: Palette, severity: RiskSeverity) =>
  severity === 'critical' || severity === 'high' ? palette.red : severity === 'medium' ? palette.yellow : palette.cyan;

/** A file's line (✓ or ✗, and its problems in a word) and its open findings; under --quiet, only the findings. */
function writeResult(r: Checked, io: CliIo, palette: Palette): void {
  const files = r.loaded.model.files.length > 1 ? ` (${r.loaded.model.files.length} files)` : '';
  const ok = !r.diagnostics.some((d) => d.severity === 'error');
  if (!io.quiet) io.stdout.write(`${ok ? palette.bold('✓') : palette.red('✗')} ${r.file}${files}: ${summarize(r.diagnostics)}\n`);
  const analysis = r.analysis;
  if (!analysis) return;
  const s = analysis.summary;
  const bySeverity = (['critical', 'high', 'medium', 'low'] as const)
    .filter((k) => s.bySeverity[k] > 0)
    .map((k) => `${s.bySeverity[k]} ${k}`)
    .join(', ');
  const handled = (['mitigated', 'planned', 'accepted', 'dismissed'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  if (!io.quiet) io.stdout.write(`  findings: ${s.open} open${bySeverity ? ` (${bySeverity})` : ''}${handled.length ? `, ${handled.join(', ')}` : ''}\n`);
  const open = analysis.findings.filter((f) => f.status === 'open');
  const width = Math.max(0, ...open.map((f) => f.threat.length));
  const targetWidth = Math.max(0, ...open.map((f) => f.target.id.length));
  for (const f of open) {
    const where = `${f.target.span.file}:${f.target.span.line}:${f.target.span.column}`;
    io.stdout.write(`  ${severityColor(palette, f.severity)(f.severity.padEnd(8))} ${f.threat.padEnd(width)}  ${f.target.id.padEnd(targetWidth)}  ${where}\n`);
  }
}
