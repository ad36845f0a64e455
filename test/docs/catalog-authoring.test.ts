import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/run-cli.js';

/**
 * docs/catalog-authoring.md shows a team's catalog, its config, its test models and its test, each
 * in a block labelled with its path (```json security/ai-threats.json). Written out as a project,
 * they must do what the guide says: the config gives every command the catalog, and the test
 * passes with Node's own runner against the built aitm.
 */
const guide = fs.readFileSync('docs/catalog-authoring.md', 'utf8');
const files = new Map([...guide.matchAll(/^```\w+ (\S+)\n([^]*?)^```$/gm)].map((m) => [m[1]!, m[2]!]));

function project(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-catalog-guide-')));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  // aitm installed in the project, as the guide assumes: this repository, built.
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(process.cwd(), path.join(dir, 'node_modules', 'aitm'), 'dir');
  return dir;
}

describe('docs/catalog-authoring.md', () => {
  it('shows a catalog, a config, three test models and a test', () => {
    expect([...files.keys()].sort()).toEqual([
      'aitm.config.json',
      'security/ai-threats.json',
      'security/catalog-tests/fires.aitm',
      'security/catalog-tests/mitigated.aitm',
      'security/catalog-tests/not-applicable.aitm',
      'security/catalog.test.mjs',
    ]);
  });

  it('gives check the catalog through the config, with the findings the guide describes', () => {
    const dir = project();
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const fires = run(['check', 'security/catalog-tests/fires.aitm']);
      expect(fires.stderr).toBe('');
      expect(fires.stdout).toMatch(/high +acme\.agent-payments +assistant/);
      expect(run(['check', 'security/catalog-tests/mitigated.aitm']).stdout).not.toContain('acme.agent-payments');
      // failOn: high in the config fails the gate on the open finding.
      expect(fires.code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  it('has a test that passes with node --test', () => {
    const dir = project();
    const test = spawnSync(process.execPath, ['--test', 'security/catalog.test.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(test.stdout).toMatch(/# pass 4\n# fail 0/);
    expect(test.status).toBe(0);
  });
});
