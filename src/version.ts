import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package version, read from package.json so there is one place to bump it. Found by walking
 * up from this module, which sits at a different depth in src/, dist/ and the CLI bundle.
 */
export const version: string = readVersion(path.dirname(fileURLToPath(import.meta.url)));

function readVersion(directory: string): string {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'aitm' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
