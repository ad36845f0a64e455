import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const before = 'test/diff/fixtures/before.aitm';
const after = 'test/diff/fixtures/after.aitm';

describe('aitm diff', () => {
  it('prints the changes as Markdown and exits 0 without --fail-on', () => {
    const { code, stdout } = run(['diff', '--as-of', '2026-11-27', before, after]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^### aitm: threat model changes \(test\/diff\/fixtures\/before\.aitm → test\/diff\/fixtures\/after\.aitm\)\n/);
    expect(stdout).toContain('**4 findings introduced** (4 critical)');
  });

  it.each([
    ['critical', 1],
    ['high', 1],
  ])('exits 1 when the change introduces an open finding at or above --fail-on %s', (severity, expected) => {
    const { code, stderr } = run(['diff', '--fail-on', severity, before, after]);
    expect(code).toBe(expected);
    expect(stderr).toMatch(/^aitm: the change introduces \d open findings? at or above /);
  });

  it('exits 0 when nothing is introduced, and 1 the other way round', () => {
    expect(run(['diff', '--fail-on', 'low', after, after]).code).toBe(0);
    expect(run(['diff', '--fail-on', 'low', before, before]).stdout).toContain('No change to the threat model.');
    const reverse = run(['diff', '--fail-on', 'critical', after, before]);
    expect(reverse.code).toBe(1);
    expect(reverse.stdout).toContain('**2 findings introduced** (1 critical, 1 high)');
  });

  it('refuses a version with errors (exit 2) and a bad command line', () => {
    const broken = run(['diff', before, 'test/cli/fixtures/broken.aitm']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('aitm: test/cli/fixtures/broken.aitm: not compared, the model has errors');
    expect(run(['diff', before]).stderr).toBe('aitm: diff needs two files, old then new (or --base REVISION and one file)\n');
    expect(run(['diff', '--base', 'HEAD', before, after]).stderr).toBe('aitm: diff --base compares one file with itself at a revision: give one file\n');
  });
});

describe('aitm diff --base', () => {
  let cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  /** A throwaway repository with the "before" model committed and the "after" one in the working tree. */
  function repository(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-diff-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    fs.mkdirSync(path.join(dir, 'models'));
    fs.copyFileSync(before, path.join(dir, 'models/bot.aitm'));
    git('add', '.');
    git('commit', '-qm', 'before');
    fs.copyFileSync(after, path.join(dir, 'models/bot.aitm'));
    return dir;
  }

  it('compares the working file with the same file at a revision', () => {
    cwd = process.cwd();
    process.chdir(repository());
    const { code, stdout } = run(['diff', '--base', 'HEAD', '--fail-on', 'critical', 'models/bot.aitm']);
    expect(stdout).toMatch(/^### aitm: threat model changes \(HEAD → models\/bot\.aitm\)/);
    expect(stdout).toContain('**4 findings introduced**');
    expect(code).toBe(1);
  });

  it('explains a revision git does not know, and refuses one that looks like an option', () => {
    cwd = process.cwd();
    process.chdir(repository());
    const unknown = run(['diff', '--base', 'no-such-branch', 'models/bot.aitm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/AITM205.*cannot read `no-such-branch:models\/bot\.aitm`: git: /);
    const option = run(['diff', '--base=--output=/tmp/x', 'models/bot.aitm']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('`--output=/tmp/x` is not a git revision');
  });
});
