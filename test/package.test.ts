import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/** What `npm install aitm` gets: the manifest and the files `npm pack` would publish. */
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }))[0] as { files: { path: string }[] };
const files = packed.files.map((f) => f.path);

describe('the npm package', () => {
  it('carries its licence and says where it comes from', () => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(fs.readFileSync('LICENSE', 'utf8')).toMatch(/^ +Apache License\n +Version 2\.0, January 2004\n/);
    expect(files).toContain('LICENSE');
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
  });

  it('exports its API to import, require and any other resolver (a `default` condition last)', () => {
    const conditions = Object.keys(pkg.exports['.']);
    expect(conditions[0]).toBe('types');
    expect(conditions.at(-1)).toBe('default');
    for (const target of Object.values(pkg.exports['.']) as string[]) expect(files).toContain(target.replace(/^\.\//, ''));
  });

  it('installs mermaid only as an optional dependency: only the HTML report needs it', () => {
    expect(pkg.dependencies.mermaid).toBeUndefined();
    expect(pkg.optionalDependencies.mermaid).toBeDefined();
  });

  it('publishes the CLI, the library, the schemas and the grammar, and not the editor extension, tests or sources', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/aitm.js', 'dist/index.js', 'dist/bundle/aitm-cli.js', 'docs/schema/model.schema.json', 'grammar/aitm.tmLanguage.json']));
    expect(files.filter((f) => /^(editors|test|src|bench|examples)\//.test(f))).toEqual([]);
  });
});
