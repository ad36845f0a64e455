import { renderDiagnostic } from '../../diagnostics/render-text.js';
import { loadWithSyntax } from '../../node/load.js';
import { verifyArtifactsOnDisk } from '../../node/verify.js';
import { ExitCode } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { loadClean, stderrPalette } from '../shared.js';

/** `aitm verify`: recompute the SHA-256 of every artifact a model declares; exit 1 on any mismatch or missing file. */
export function verify(files: readonly string[], io: CliIo): ExitCode {
  const palette = stderrPalette(io);
  let code: ExitCode = ExitCode.ok;
  for (const file of files) {
    const loaded = loadClean(file, io, 'not verified', loadWithSyntax);
    if (!loaded) {
      code = ExitCode.invalid;
      continue;
    }
    const { results, diagnostics } = verifyArtifactsOnDisk(loaded);
    for (const d of diagnostics) io.stderr.write(renderDiagnostic(d, loaded.sources, palette) + '\n\n');
    const matched = results.filter((r) => r.status === 'match').length;
    const ok = diagnostics.length === 0;
    const summary = results.length === 0 ? 'declares no artifacts' : `${matched} of ${results.length} declared artifacts match their digests`;
    io.stderr.write(`${ok ? palette.bold('✓') : palette.red('✗')} ${file}: ${summary}\n`);
    if (!ok && code === ExitCode.ok) code = ExitCode.findings;
  }
  return code;
}
