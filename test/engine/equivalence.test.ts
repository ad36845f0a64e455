import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';

/**
 * Issue 19: findings are a property of the system, not of its spelling. Each pair in
 * fixtures/equivalent/ (`<name>.a.aitm`, `<name>.b.aitm`) describes one system in two valid ways;
 * both must give the same threats on the same elements, with the same status and severity.
 */
const dir = 'test/engine/fixtures/equivalent';
const pairs = [...new Set(fs.readdirSync(dir).map((f) => f.replace(/\.[ab]\.aitm$/, '')))].sort();

function findings(file: string): string[] {
  const loaded = load(file);
  expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`), `${file} must load cleanly`).toEqual([]);
  const result = analyze(loaded.model, { asOf: '2026-12-05' });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`), `${file} must analyse cleanly`).toEqual([]);
  return result.findings.map((f) => `${f.threat} on ${f.target.id}: ${f.status}, ${f.severity}`).sort();
}

describe('equivalent models give the same findings', () => {
  it('has pairs', () => expect(pairs.length).toBeGreaterThanOrEqual(7));

  it.each(pairs)('%s', (name) => {
    const a = findings(path.join(dir, `${name}.a.aitm`));
    const b = findings(path.join(dir, `${name}.b.aitm`));
    // A pair where nothing fires would pass for the wrong reason.
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
