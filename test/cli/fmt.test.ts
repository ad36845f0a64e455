import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

function tempFile(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-fmt-')), name);
  fs.writeFileSync(file, text);
  return file;
}

const messy = 'system   "S"{owner:"o"}\n\n\n// keep me\ndata d{classification:internal}\n';
const tidy = 'system "S" { owner: "o" }\n\n// keep me\ndata d { classification: internal }\n';

describe('aitm fmt', () => {
  it('with --check, lists a file that is not formatted, changes nothing and exits 1', () => {
    const file = tempFile('messy.aitm', messy);
    const { code, stdout, stderr } = run(['fmt', '--check', file]);
    expect([code, stdout]).toEqual([1, `${file}\n`]);
    expect(stderr).toBe('aitm: 1 file is not formatted; run `aitm fmt` on it\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(messy);
  });

  it('rewrites the file, after which --check passes', () => {
    const file = tempFile('messy.aitm', messy);
    expect(run(['fmt', file])).toEqual({ code: 0, stdout: '', stderr: `formatted ${file}\n` });
    expect(fs.readFileSync(file, 'utf8')).toBe(tidy);
    expect(run(['fmt', '--check', file])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('does not touch a file that is already formatted', () => {
    const file = tempFile('tidy.aitm', tidy);
    const before = fs.statSync(file).mtimeMs;
    expect(run(['fmt', file]).code).toBe(0);
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('leaves a file with syntax errors alone and exits 2, and reports an unreadable file', () => {
    const file = tempFile('broken.aitm', 'boundary b { trust: internal');
    const { code, stderr } = run(['fmt', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('error[AITM110]');
    expect(stderr).toContain(`aitm: ${file}: not formatted, it has syntax errors`);
    expect(fs.readFileSync(file, 'utf8')).toBe('boundary b { trust: internal');
    const missing = run(['fmt', path.join(os.tmpdir(), 'no-such-file.aitm')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error[AITM205]');
  });

  it('needs a file', () => {
    expect(run(['fmt'])).toEqual({ code: 2, stdout: '', stderr: 'aitm: fmt needs at least one .aitm file\n' });
  });
});
