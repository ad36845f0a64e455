import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/node/read-text.js';

/**
 * Files too large to be a model, a catalog or an OTM document are refused unread. The 100 MB files
 * here are sparse (made with ftruncate), so they cost no disk and no time to make.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-large-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sparse(name: string, bytes: number): string {
  const file = path.join(dir, name);
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, bytes);
  return file;
}
const hundredMegabytes = 100 * 1024 * 1024;

describe('readTextFile', () => {
  it('reads a file', () => {
    const file = path.join(dir, 'small.aitm');
    fs.writeFileSync(file, 'system "S" {}\n');
    expect(readTextFile(file)).toEqual({ text: 'system "S" {}\n' });
  });

  it('refuses a 100 MB file without reading it, with AITM150 at its start', () => {
    const file = sparse('big.json', hundredMegabytes);
    const read = readTextFile(file);
    expect('tooLarge' in read && [read.tooLarge.code, read.tooLarge.span?.file, read.tooLarge.span?.line, read.tooLarge.span?.column]).toEqual(['AITM150', file, 1, 1]);
  });

  it('throws what reading throws, for the caller to report (a directory, a missing file)', () => {
    expect(() => readTextFile(dir)).toThrow(/EISDIR/);
    expect(() => readTextFile(path.join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});

describe('the CLI on 100 MB inputs, in a process with a 32 MB heap (reading one would not fit)', () => {
  it.each([
    ['import', (f: string) => ['import', f]],
    ['check', (f: string) => ['check', f]],
    ['fmt', (f: string) => ['fmt', f]],
    ['a catalog', (f: string) => ['check', '--catalog', f, 'examples/rag-support-assistant.aitm']],
  ])('%s: exits 2 with AITM150 at the file, in bounded memory', (_, args) => {
    const file = sparse('input.json', hundredMegabytes);
    const result = spawnSync(process.execPath, ['--max-old-space-size=32', 'bin/aitm.js', ...args(file)], { encoding: 'utf8' });
    expect(result.stderr).toContain(`error[AITM150]: file is ${hundredMegabytes} bytes long`);
    expect(result.stderr).toContain(`--> ${file}:1:1`);
    expect(result.status).toBe(2);
  });
});
