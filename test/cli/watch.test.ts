import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

/** Collects a process's stderr and waits for text to appear in it. */
function watcher(args: string[]) {
  const child = spawn(process.execPath, ['bin/aitm.js', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const until = async (pattern: RegExp, timeout = 10_000) => {
    for (const start = Date.now(); Date.now() - start < timeout; ) {
      if (pattern.test(stderr)) return stderr;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${pattern}; got:\n${stderr}`);
  };
  return { child, until, output: () => stderr };
}

describe('aitm check --watch', () => {
  it('checks again when the model or a file it imports changes, including an editor-style rename', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-watch-'));
    const model = path.join(dir, 'model.aitm');
    const shared = path.join(dir, 'shared.aitm');
    fs.writeFileSync(shared, 'boundary app { trust: internal\n  service s\n}\n');
    fs.writeFileSync(model, 'system "S" { owner: "o" }\nimport "shared.aitm"\n');
    const w = watcher(['check', '--watch', model]);
    try {
      await w.until(/no problems[\s\S]*watching 2 files for changes/);

      fs.writeFileSync(model, 'system "S" { owner: "o" }\nimport "shared.aitm"\nflow s -> nowhere\n');
      await w.until(/── model\.aitm changed ──[\s\S]*error\[AITM301\][\s\S]*watching 2 files/);

      // Save the import the way editors do: write a new file, rename it over the old one.
      fs.writeFileSync(`${shared}.tmp`, 'boundary app { trust: internal\n  service s\n  service nowhere\n}\n');
      fs.renameSync(`${shared}.tmp`, shared);
      const output = await w.until(/── shared\.aitm changed ──[\s\S]*no problems/);
      expect(output.match(/watching 2 files/g)).toHaveLength(3);
      expect(w.child.exitCode).toBeNull();
    } finally {
      w.child.kill();
    }
  });

  it('does not combine with --format json', () => {
    expect(run(['check', '--watch', '--format', 'json', 'x.aitm'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aitm: --watch writes text for a person; it does not combine with --format json\n',
    });
  });
});
