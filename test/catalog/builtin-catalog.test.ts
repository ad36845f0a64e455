import fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { builtinCatalog, builtinCatalogFiles } from '../../src/catalog/builtin/index.js';
import { guidelines } from '../../src/catalog/guidelines.js';
import { owaspAgentic } from '../../src/catalog/owasp-agentic.js';
import { statedControls } from '../../src/semantics/vocabulary.js';
import { loadCatalogs } from '../../src/catalog/load-catalog.js';
import { categories, stages } from '../../src/catalog/types.js';

const reference = '../shared/reference';
const haveReference = fs.existsSync(reference);
const read = (file: string) => JSON.parse(fs.readFileSync(`${reference}/${file}`, 'utf8'));
const threats = builtinCatalog.threats ?? [];

describe('the built-in catalog', () => {
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(
    JSON.parse(fs.readFileSync('docs/schema/catalog.schema.json', 'utf8')),
  );

  it.each(Object.entries(builtinCatalogFiles))('%s validates against docs/schema/catalog.schema.json', (_, value) => {
    expect(validate(value), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('loads without diagnostics (ids unique, controls known, conditions fit their targets)', () => {
    expect(loadCatalogs([{ name: 'builtin', value: builtinCatalog }]).diagnostics).toEqual([]);
  });

  it('has at least 40 threats covering every category and stage', () => {
    expect(threats.length).toBeGreaterThanOrEqual(40);
    expect(new Set(threats.map((t) => t.category))).toEqual(new Set(categories));
    expect(new Set(threats.map((t) => t.stage))).toEqual(new Set(stages));
  });

  it('every control a property states or a practice provides is in the catalog', () => {
    const ids = new Set((builtinCatalog.controls ?? []).map((c) => c.id));
    expect(statedControls.map((s) => s.control).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('every control is used by some threat and serves some guideline', () => {
    const used = new Set(threats.flatMap((t) => t.mitigations.flatMap((m) => m.controls)));
    const unused = (builtinCatalog.controls ?? []).map((c) => c.id).filter((id) => !used.has(id));
    expect(unused).toEqual([]);
    for (const control of builtinCatalog.controls ?? []) expect(control.guidelines.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!haveReference)('catalog references (against ../shared/reference)', () => {
  if (!haveReference) it.skip('../shared/reference is absent here, so references cannot be checked', () => {});
  else {
    const atlas = new Set<string>(read('atlas.json').techniques.map((t: { id: string }) => t.id));
    const owasp = read('owasp.json');
    const llm = new Set<string>(owasp.llm_top10_2025.items.map((i: { id: string }) => i.id));
    const mlKey = Object.keys(owasp).find((k) => k.startsWith('ml'))!;
    const ml = new Set<string>(owasp[mlKey].items.map((i: { id: string }) => i.id));
    const agenticTop10 = owasp.agentic_top10_2026.items as { id: string; name: string }[];
    const agentic = new Set(agenticTop10.map((i) => i.id));
    const nist = new Set<string>(read('nist-ai-100-2.json').classes.map((c: { id: string }) => c.id));
    const recommendations = read('cisa-ncsc-guidelines.json').recommendations as { id: string; title: string }[];

    it.each(threats.map((t) => [t.id, t] as const))('%s cites only ids that exist', (_, threat) => {
      const r = threat.references;
      expect(r.atlas.filter((id) => !atlas.has(id))).toEqual([]);
      expect(r.owaspLlm.filter((id) => !llm.has(id))).toEqual([]);
      expect((r.owaspMl ?? []).filter((id) => !ml.has(id))).toEqual([]);
      expect((r.owaspAgentic ?? []).filter((id) => !agentic.has(id))).toEqual([]);
      expect(r.nist.filter((id) => !nist.has(id))).toEqual([]);
      expect(r.guidelines.filter((id) => !recommendations.some((g) => g.id === id))).toEqual([]);
      expect(r.atlas.length + r.owaspLlm.length + (r.owaspMl ?? []).length).toBeGreaterThan(0);
      expect(r.nist.length).toBeGreaterThan(0);
    });

    it('controls cite only guideline ids that exist', () => {
      for (const control of builtinCatalog.controls ?? []) {
        expect(control.guidelines.filter((id) => !recommendations.some((g) => g.id === id))).toEqual([]);
      }
    });

    it('the OWASP agentic table matches the reference, and every risk in it is cited by some threat', () => {
      expect(owaspAgentic.map((a) => [a.id, a.name])).toEqual(agenticTop10.map((a) => [a.id, a.name]));
      const cited = new Set(threats.flatMap((t) => t.references.owaspAgentic ?? []));
      expect(owaspAgentic.filter((a) => !cited.has(a.id)).map((a) => a.id)).toEqual([]);
    });

    it('the guideline table matches the reference', () => {
      expect(guidelines.map((g) => [g.id, g.title])).toEqual(recommendations.map((g) => [g.id, g.title]));
    });
  }
});
