import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSkipped } from './skipped-reporter.js';

describe('the summary of skipped tests', () => {
  it('gives each reason with its count and files, and names tests skipped without one', () => {
    const root = '/repo';
    expect(
      describeSkipped(
        [
          { file: '/repo/test/a.test.ts', name: 'A > draws', note: 'Chromium is absent' },
          { file: '/repo/test/b.test.ts', name: 'B > renders', note: 'Chromium is absent' },
          { file: '/repo/test/b.test.ts', name: 'B > later', note: undefined },
        ],
        root,
      ),
    ).toBe('\n Skipped 3 tests:\n   2 because Chromium is absent: test/a.test.ts, test/b.test.ts\n   test/b.test.ts > B > later (no reason given)\n\n');
    expect(describeSkipped([], root)).toBe('');
  });

  it('is printed after the summary of a run that lacks something, here ../shared', () => {
    const run = spawnSync(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', 'test/render/sarif.test.ts'], {
      encoding: 'utf8',
      env: { ...process.env, AITM_TEST_WITHOUT: 'shared', NO_COLOR: '1', CI: '1' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Tests +\d+ passed \| 1 skipped[^]*\n Skipped 1 test:\n {3}1 because \.\.\/shared\/schemas\/sarif-2\.1\.0\.json is absent \(\.\.\/shared sits beside a clone in CI\): test\/render\/sarif\.test\.ts\n/);
  });
});
