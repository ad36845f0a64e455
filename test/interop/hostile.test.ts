import fs from 'node:fs';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { toCycloneDxJson } from '../../src/interop/cyclonedx.js';
import { toOtmJson } from '../../src/interop/otm-export.js';
import { fromOtm } from '../../src/interop/otm-import.js';
import { toJsonReport } from '../../src/render/json-report.js';
import { toSarif } from '../../src/render/sarif.js';
import type { SystemModel } from '../../src/semantics/model.js';
import { withoutSpans } from '../helpers.js';
import { hostileModel } from '../render/hostile-model.js';
import { variant } from './otm-documents.js';

/**
 * Hostile text (test/fixtures/hostile-text.json, in every string field) flowing into the exports
 * and back: aitm has no CycloneDX import, so CycloneDX is checked on the way out; OTM both ways.
 */
const hostile = hostileModel();
const catalog = prepareCatalog({ catalogs: [{ name: 'hostile-catalog.json', text: hostile.catalog }] });
const loaded = parse(hostile.text, { file: 'hostile.aitm' });
const analysis = analyze(loaded.model, { catalog, asOf: '2026-06-01' });
const otmSchemaPath = '../shared/schemas/otm.schema.json';
const otmSchema = fs.existsSync(otmSchemaPath) ? (JSON.parse(fs.readFileSync(otmSchemaPath, 'utf8')) as object) : undefined;

/** Every string anywhere in a JSON value. */
function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The labels and free text of a model, by what they belong to: what an export must carry exactly. */
function texts(model: SystemModel): string[] {
  return [
    model.system?.name ?? '',
    ...model.elements.map((e) => e.label),
    ...model.boundaries.map((b) => b.label),
    ...model.data.map((d) => d.label),
    ...model.elements.flatMap((e) => Object.values(e.properties).filter((v): v is string => typeof v === 'string')),
  ];
}

describe('hostile text into the exports', () => {
  it('the model parses and the catalog loads (the fixture is sound)', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(catalog.diagnostics).toEqual([]);
    expect(analysis.findings.some((f) => f.threat === 'hostile.everywhere')).toBe(true);
  });

  it.each([
    ['OTM', () => toOtmJson({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources }), texts(loaded.model)],
    // CycloneDX lists the models and datasets (and some services), not boundaries or every element.
    ['CycloneDX', () => toCycloneDxJson({ model: loaded.model, analysis, modelFile: 'hostile.aitm' }), loaded.model.elements.filter((e) => e.kind === 'model' || e.kind === 'dataset').map((e) => e.label)],
    ['the JSON report', () => toJsonReport({ analyses: [{ file: 'hostile.aitm', model: loaded.model, analysis, sources: loaded.sources }], catalog: catalog.catalog }), texts(loaded.model)],
  ])('%s: valid JSON that carries every label and text exactly, lone surrogates and all', (_, make, expected) => {
    const json = make();
    // Lone surrogates are written as \u escapes: the file is valid UTF-8.
    expect(json).not.toMatch(/[\ud800-\udfff]/u);
    const found = [...strings(JSON.parse(json))].join('\n');
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.filter((text) => !found.includes(text))).toEqual([]);
  });

  it('SARIF carries the catalog\'s hostile text and every target label, as JSON strings', () => {
    const sarif = toSarif({ analyses: [{ file: 'hostile.aitm', analysis }], catalog: catalog.catalog });
    const all = [...strings(JSON.parse(sarif))].join('\n');
    for (const element of loaded.model.elements) expect(all).toContain(element.label);
    const threat = catalog.catalog.threats.find((t) => t.id === 'hostile.everywhere')!;
    expect(all).toContain(threat.title);
  });

  it('CycloneDX stays valid under the strict 1.6 schema', async () => {
    const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(toCycloneDxJson({ model: loaded.model, analysis, modelFile: 'hostile.aitm' }));
    expect(errors).toBeNull();
  });

  it('OTM comes back through `aitm import` as the same model: every label and text exactly', () => {
    const json = toOtmJson({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources });
    const result = fromOtm(json, { file: 'hostile.otm.json', catalog, ...(otmSchema ? { schema: otmSchema } : {}) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const again = parse(result.text!, { file: 'imported.aitm' });
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const model = (m: SystemModel) => withoutSpans({ ...m, files: [] });
    expect(model(again.model)).toEqual(model(loaded.model));
  });
});

// ---- hostile OTM documents ---------------------------------------------------------------------

const pollution = { polluted: 'yes', prototype: { polluted: 'yes' }, toString: 'not a function' };
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

interface HostileCase {
  readonly name: string;
  readonly text: () => string;
  /** The code of the first error, and the offset it points at in the text; none: it imports. */
  readonly error?: readonly [code: string, at: (text: string) => number];
}

/** Where the value after `key` starts (the second occurrence when `nth` is 1). */
const valueOf = (key: string, nth = 0) => (text: string) => {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(`"${key}": `, at + 1);
  return at + key.length + 4;
};

const cases: HostileCase[] = [
  { name: '`__proto__` at the top level', text: () => variant((d, own) => own(d, '__proto__', pollution)) },
  { name: '`constructor` and `__proto__` in attributes', text: () => variant((d, own) => ((d.components[0].attributes = { constructor: 'x', toString: 'y' }), own(d.components[0].attributes, '__proto__', 'z'))) },
  { name: 'ids that are Object.prototype\'s names', text: () => variant((d) => ((d.components[0].id = '__proto__'), (d.components[1].id = 'constructor'), (d.dataflows[0].source = '__proto__'), (d.dataflows[0].destination = 'constructor'))) },
  { name: 'a project whose name and id are only in its `__proto__`', text: () => variant((d, own) => ((d.project = {}), own(d.project, '__proto__', { name: 'P', id: 'p' }))), error: ['AITM801', valueOf('project')] },
  { name: 'a `constructor` key in a parent', text: () => variant((d, own) => own(d.components[0].parent, 'constructor', { trustZone: 'net' })) },
  // The 65th opening bracket, counting those the document itself opens before the deep part.
  { name: '10,000-deep arrays at the top', text: () => deep(10_000), error: ['AITM152', () => 64] },
  { name: '10,000-deep arrays in an attribute', text: () => variant((d) => (d.components[0].attributes = { x: 'DEEP' })).replace('"DEEP"', deep(10_000)), error: ['AITM152', (t) => t.indexOf('[[') + 64 - 4] },
  { name: '10,000-deep objects', text: () => '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), error: ['AITM152', () => 64 * '{"a":'.length] },
  { name: 'deep brackets inside a string are text', text: () => variant((d) => (d.project.description = deep(10_000))) },
  { name: 'components that are a string', text: () => variant((d) => (d.components = 'web')), error: ['AITM801', valueOf('components')] },
  { name: 'a trust rating that is text', text: () => variant((d) => (d.trustZones[0].risk.trustRating = 'high')), error: ['AITM801', valueOf('trustRating')] },
  { name: 'a parent that is a list', text: () => variant((d) => (d.components[0].parent = ['net'])), error: ['AITM801', valueOf('parent')] },
  { name: 'a name that is a number', text: () => variant((d) => (d.components[1].name = 7)), error: ['AITM801', (t) => t.indexOf('"name": 7') + 8] },
  { name: 'a dataflow that is null', text: () => variant((d) => d.dataflows.push(null)), error: ['AITM801', (t) => t.indexOf('null')] },
  { name: 'two trust zones with one id', text: () => variant((d) => d.trustZones.push({ ...d.trustZones[0] })), error: ['AITM803', (t) => t.indexOf('"id": "net"', t.indexOf('"id": "net"') + 1) + 6] },
  { name: 'two dataflows with one id', text: () => variant((d) => d.dataflows.push({ ...d.dataflows[0] })), error: ['AITM803', (t) => t.indexOf('"id": "f"', t.indexOf('"id": "f"') + 1) + 6] },
  { name: 'truncated', text: () => variant(() => undefined).slice(0, 100), error: ['AITM800', (t) => t.length] },
];

function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before.at(-1)!.length + 1];
}

describe('hostile OTM documents: a located error or a clean import; never a throw, never prototype pollution', () => {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const text = c.text();
    for (const options of [{}, ...(otmSchema ? [{ schema: otmSchema }] : [])]) {
      const result = fromOtm(text, { file: 'hostile.otm.json', catalog, ...options });
      expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      if (!c.error) {
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(parse(result.text!, { file: 'imported.aitm' }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        continue;
      }
      expect(result.text).toBeUndefined();
      const first = result.diagnostics[0]!;
      const [code, at] = c.error;
      // With the OTM schema, a type error may be reported by the schema rather than by aitm's own checks; the code is the same.
      expect(first.code).toBe(code);
      expect(first.span?.file).toBe('hostile.otm.json');
      if (!('schema' in options) || code !== 'AITM801') expect([first.span!.line, first.span!.column]).toEqual(lineColumn(text, at(text)));
    }
  });

  it('refuses a 100 MB document at once, unparsed, with AITM150 at its start', () => {
    const text = ' '.repeat(100 * 1024 * 1024);
    const result = fromOtm(text, { file: 'big.otm.json' });
    expect(result.diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([['AITM150', 1, 1]]);
  });
});
