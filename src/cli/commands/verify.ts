import { renderDiagnostic } from '../../diagnostics/render-text.js';
import { verifyArtifactsOnDisk } from '../../node/verify.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { cleanOrExplain, readModels, readModelWithSyntax, stderrPalette, stdoutPalette } from '../shared.js';

/** `aitm verify`: recompute the SHA-256 of every artifact a model declares; exit 1 on any mismatch or missing file. */
export function verify(files: readonly string[], io: CliIo): ExitCode {
  const palette = stderrPalette(io);
  const out = stdoutPalette(io);
  let code: ExitCode = ExitCode.ok;
  for (const model of readModels(files, (file) => readModelWithSyntax(file, io))) {
    const file = model.file;
    const loaded = cleanOrExplain(file, model.loaded, io, 'not verified');
    if (!loaded) {
      code = ExitCode.invalid;
      continue;
    }
    const { results, diagnostics } = verifyArtifactsOnDisk(loaded);
    for (const d of diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, palette) + '\n\n');
    const matched = results.filter((r) => r.status === 'match').length;
    const ok = diagnostics.length === 0;
    const summary = results.length === 0 ? 'declares no artifacts' : `${matched} of ${results.length} declared artifacts match their digests`;
    if (!io.quiet || !ok) io.stdout.write(`${ok ? out.bold('✓') : out.red('✗')} ${file}: ${summary}\n`);
    if (!ok && code === ExitCode.ok) code = ExitCode.findings;
  }
  return code;
}
