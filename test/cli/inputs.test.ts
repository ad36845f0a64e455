import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/inputs.js';

/** A tree of models, with what folders and patterns must skip: node_modules, hidden folders, other files. */
let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-inputs-'));
  for (const file of ['a.aitm', 'b.aitm', 'notes.txt', 'sub/c.aitm', 'sub/deeper/d.aitm', 'node_modules/pkg/x.aitm', '.hidden/y.aitm', 'empty/readme.md']) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), '');
  }
});

describe('expandInputs', () => {
  it.each([
    ['a file, as written', ['b.aitm'], ['b.aitm'], []],
    ['a file of any extension the user names', ['notes.txt'], ['notes.txt'], []],
    ['a missing file, kept so that reading it reports it', ['missing.aitm'], ['missing.aitm'], []],
    ['a folder, as its .aitm files below it, sorted, without node_modules or hidden folders', ['.'], ['a.aitm', 'b.aitm', 'sub/c.aitm', 'sub/deeper/d.aitm'], []],
    ['a folder written with a trailing slash', ['sub/'], ['sub/c.aitm', 'sub/deeper/d.aitm'], []],
    ['a glob pattern', ['*.aitm'], ['a.aitm', 'b.aitm'], []],
    ['a globstar pattern', ['sub/**/*.aitm'], ['sub/c.aitm', 'sub/deeper/d.aitm'], []],
    ['standard input', ['-'], ['-'], []],
    ['each file once, in the order first given', ['b.aitm', '*.aitm', './a.aitm'], ['b.aitm', 'a.aitm'], []],
    ['a pattern that matches nothing', ['*.json'], [], ['no file matches `*.json`']],
    ['a folder without models', ['empty'], [], ['no .aitm file in the folder `empty`']],
    ['standard input twice', ['-', '-'], ['-'], ['`-` (standard input) is given more than once']],
  ])('%s', (_, args, files, problems) => {
    expect(expandInputs(args, { cwd: root })).toEqual({ files, problems });
  });

  it('keeps an absolute pattern absolute', () => {
    expect(expandInputs([`${root}/sub/*.aitm`], { cwd: os.tmpdir() }).files).toEqual([path.join(root, 'sub', 'c.aitm')]);
  });
});
