import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/catalog/builtin/index.js';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';

/**
 * Every built-in threat has fixtures, in the style of ESLint's rule tests, in
 * test/catalog/threats/<threat-id>/:
 *   fires*.aitm      the threat applies and is open
 *   absent*.aitm     its condition does not hold: no finding of this threat at all
 *   mitigated*.aitm  it applies, and the controls declared mitigate it
 * Each fixture must load cleanly (no diagnostic from the language or the analysis).
 */
const root = 'test/catalog/threats';
const threats = builtinCatalog.threats ?? [];

function fixtures(id: string, prefix: string): string[] {
  const dir = path.join(root, id);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.aitm'))
    .sort()
    .map((f) => path.join(dir, f));
}

function findingsOf(file: string, threat: string) {
  const loaded = load(file);
  expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`), `${file} must load cleanly`).toEqual([]);
  const result = analyze(loaded.model, { asOf: '2026-11-27' });
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`), `${file} must analyse cleanly`).toEqual([]);
  return result.findings.filter((f) => f.threat === threat);
}

describe('threat fixtures', () => {
  it('every threat has a fixture of each kind, and every fixture folder names a threat', () => {
    const missing = threats.flatMap((t) =>
      ['fires', 'absent', 'mitigated'].filter((kind) => fixtures(t.id, kind).length === 0).map((kind) => `${t.id}: no ${kind}*.aitm`),
    );
    expect(missing).toEqual([]);
    const ids = new Set(threats.map((t) => t.id));
    const strays = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => !ids.has(d)) : [];
    expect(strays).toEqual([]);
  });

  for (const threat of threats) {
    describe(threat.id, () => {
      it.each(fixtures(threat.id, 'fires'))('fires and is open in %s', (file) => {
        const found = findingsOf(file, threat.id);
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((f) => f.status === 'open')).toBe(true);
      });
      it.each(fixtures(threat.id, 'absent'))('does not fire in %s', (file) => {
        expect(findingsOf(file, threat.id)).toEqual([]);
      });
      it.each(fixtures(threat.id, 'mitigated'))('is mitigated by controls in %s', (file) => {
        const found = findingsOf(file, threat.id);
        expect(found.length).toBeGreaterThan(0);
        expect(found.map((f) => f.status)).toEqual(found.map(() => 'mitigated'));
      });
    });
  }
});
