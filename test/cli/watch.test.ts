import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

/** Collects a process's stdout (the results) and stderr (problems and notes), and waits for text to appear in either. */
function watcher(args: string[]) {
  const child = spawn(process.execPath, ['bin/aitm.js', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const until = async (stream: keyof typeof output, pattern: RegExp, timeout = 10_000) => {
    for (const start = Date.now(); Date.now() - start < timeout; ) {
      if (pattern.test(output[stream])) return output[stream];
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${pattern} on ${stream}; got:\n${output[stream]}`);
  };
  return { child, until };
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
      await w.until('stdout', /no problems/);
      await w.until('stderr', /watching 2 files for changes/);

      fs.writeFileSync(model, 'system "S" { owner: "o" }\nimport "shared.aitm"\nflow s -> nowhere\n');
      await w.until('stderr', /── model\.aitm changed ──[\s\S]*error\[AITM301\][\s\S]*watching 2 files/);
      await w.until('stdout', /no problems[\s\S]*1 error/);

      // Save the import the way editors do: write a new file, rename it over the old one.
      fs.writeFileSync(`${shared}.tmp`, 'boundary app { trust: internal\n  service s\n  service nowhere\n}\n');
      fs.renameSync(`${shared}.tmp`, shared);
      await w.until('stderr', /── shared\.aitm changed ──/);
      await w.until('stdout', /no problems[\s\S]*1 error[\s\S]*no problems/);
      const notes = await w.until('stderr', /(watching 2 files[\s\S]*){3}/);
      expect(notes.match(/watching 2 files/g)).toHaveLength(3);
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
