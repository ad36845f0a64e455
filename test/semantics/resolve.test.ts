import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import type { Span } from '../../src/source/span.js';

const fixture = (name: string) => `test/semantics/fixtures/${name}`;

describe('resolving every construct', () => {
  const result = load(fixture('all-constructs.aitm'));
  const { model } = result;
  const element = (id: string) => model.elements.find((e) => e.id === id);

  it('is clean', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reads the system with decoded string escapes and practices', () => {
    expect(model.system?.name).toBe('Everything');
    expect(model.system?.properties).toEqual({
      owner: 'appsec@example.com',
      version: '1.0',
      description: 'Tabs\tand "quotes" and 😀 and é',
      practices: ['threat_modeling', 'red_teaming'],
    });
  });

  it('reads data assets with their properties', () => {
    expect(model.data.map((d) => [d.id, d.label, d.properties])).toEqual([
      ['prompt', 'Prompt', { classification: 'internal', origin: 'untrusted', kind: 'prompt' }],
      ['secret', 'API key', { classification: 'restricted', kind: 'credentials' }],
      ['records', 'Records', { classification: 'confidential', pii: true }],
    ]);
  });

  it('nests boundaries, inheriting trust', () => {
    expect(model.boundaries.map((b) => [b.id, b.label, b.trust, b.parent])).toEqual([
      ['outer', 'Outer — zone', 'internal', undefined],
      ['inner', 'Inner', 'internal', 'outer'],
      ['vendor', 'Vendor', 'external', undefined],
    ]);
  });

  it('places every element in its innermost boundary', () => {
    expect(model.elements.map((e) => [e.kind, e.id, e.boundary])).toEqual([
      ['actor', 'user', 'outer'],
      ['service', 'web', 'inner'],
      ['api', 'gateway', 'inner'],
      ['agent', 'helper', 'outer'],
      ['tool', 'shell', 'outer'],
      ['dataset', 'corpus', 'outer'],
      ['store', 'mem', 'outer'],
      ['pipeline', 'train', 'outer'],
      ['model', 'llm', 'vendor'],
    ]);
  });

  it('types and normalizes element properties; an element without a label is labelled by its id', () => {
    expect(element('gateway')?.label).toBe('gateway');
    expect(element('tool' as never)).toBeUndefined();
    expect(element('shell')?.properties).toEqual({
      effect: ['execute', 'network'],
      approval: 'none',
      origin: 'remote_mcp',
      scope: 'broad',
      fetches: ['web'], // a single value for a list property becomes a list
    });
    expect(element('helper')?.controls).toEqual(['audit_logging']);
    expect(element('helper')?.properties).toEqual({ autonomy: 'supervised', uses: ['llm'], memory: ['mem'], credentials: ['secret'] });
    expect(element('llm')?.properties).toMatchObject({ trained_on: ['corpus'], stored_in: 'mem', returns: ['text', 'scores'], decides: ['none'] });
    expect(element('corpus')?.properties).toMatchObject({ source: ['public_web', 'crowdsourced'], contains: ['records'], pii: true });
    expect(element('train')?.properties).toMatchObject({ consumes: ['corpus'], produces: ['llm'] });
    expect(element('web')?.properties).toMatchObject({ interprets: ['markdown', 'html'] });
  });

  it('records where each element and property is written', () => {
    const helper = element('helper')!;
    expect([helper.idSpan.line, helper.idSpan.column, helper.idSpan.length]).toEqual([23, 9, 6]);
    expect(helper.propertySpans["memory"]?.line).toBe(23);
  });

  it('points every span of the model at what it names, in the file that names it, and writes them in its JSON', () => {
    const models = [
      { name: 'all-constructs', loaded: result },
      { name: 'imports', loaded: load(fixture('multi/main.aitm')) },
      ...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => ({ name: f, loaded: load(`examples/${f}`) })),
    ];
    for (const { name, loaded } of models) {
      const text = (span: Span) => {
        const source = loaded.sources.get(span.file)!;
        // Line and column agree with the offset, so a span is one place however it is read.
        expect(source.position(span.offset), name).toEqual({ line: span.line, column: span.column });
        expect(source.position(span.offset + span.length), name).toEqual({ line: span.endLine, column: span.endColumn });
        return source.text.slice(span.offset, span.offset + span.length);
      };
      const declarations = [...loaded.model.data, ...loaded.model.boundaries, ...loaded.model.elements, ...loaded.model.flows];
      expect(declarations.length, name).toBeGreaterThan(0);
      for (const d of declarations) {
        const id = 'named' in d && !d.named ? d.source : d.id;
        expect(text(d.idSpan), name).toBe(id);
        expect(text(d.span), name).toContain(id);
        expect(text(d.span).endsWith('}') || !text(d.span).includes('{'), `${name}: ${d.id}`).toBe(true);
        for (const [key, span] of Object.entries(d.propertySpans)) expect(text(span), name).toMatch(new RegExp(`^${key}\\s*:`));
        if ('controls' in d) expect(d.controlSpans.map(text), name).toEqual(d.controls);
        expect(JSON.parse(JSON.stringify(d)), name).toMatchObject({ span: d.span, idSpan: d.idSpan, propertySpans: d.propertySpans });
      }
    }
  });

  it('treats property names that objects inherit (`__proto__`, `constructor`) as names like any other', () => {
    const text = 'system "S" { owner: "a" }\nboundary b { trust: internal\n  model m { __proto__: llm, constructor: x, toString: y }\n}\n';
    const result = parse(text);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['AITM400', 'unknown property `__proto__` on a model'],
      ['AITM400', 'unknown property `constructor` on a model'],
      ['AITM400', 'unknown property `toString` on a model'],
    ]);
    const spans = result.model.elements[0]!.propertySpans;
    expect(Object.keys(spans)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(text.slice(spans['__proto__']!.offset).startsWith('__proto__: llm')).toBe(true);
  });

  it('leaves out a single reference that does not resolve, so the model stays consistent (found by fuzzing: analyze threw)', () => {
    for (const server of ['nothing', 'b', 'm']) {
      const result = parse(`system "S" { owner: "a" }\nboundary b { trust: internal\n  tool t { server: ${server} }\n  model m {}\n}\n`);
      expect(result.diagnostics.map((d) => d.code)).toEqual([server === 'nothing' ? 'AITM301' : 'AITM302']);
      expect(result.model.elements.find((e) => e.id === 't')!.properties).toEqual({});
      expect(() => analyze(result.model)).not.toThrow();
    }
  });

  it('places "no system declaration" at the start of a file with no statements (found by fuzzing: it had no location)', () => {
    for (const text of ['', '// only a comment\n', '\uFEFF']) {
      const [d] = parse(text, { file: 'empty.aitm' }).diagnostics;
      expect([d?.code, d?.span?.file, d?.span?.line, d?.span?.column]).toEqual(['AITM502', 'empty.aitm', 1, 1]);
    }
  });

  it('points at the first of a property written twice, which is the one kept', () => {
    const text = 'system "S" { owner: "a" }\nboundary b { trust: internal\n  model m { type: llm, type: classifier }\n}\n';
    const m = parse(text).model.elements[0]!;
    expect(m.kind === 'model' && m.properties.type).toBe('llm');
    expect(text.slice(m.propertySpans['type']!.offset).startsWith('type: llm')).toBe(true);
  });

  it('gives unnamed flows ids derived from their ends, numbering repeats', () => {
    expect(model.flows.map((f) => [f.id, f.named, f.source, f.target, f.bidirectional, f.label])).toEqual([
      ['user->web', false, 'user', 'web', false, 'asks'],
      ['ask', true, 'web', 'gateway', false, undefined],
      ['gateway->helper', false, 'gateway', 'helper', false, undefined],
      ['gateway->helper#2', false, 'gateway', 'helper', false, 'again'],
      ['helper<->llm', false, 'helper', 'llm', true, 'completion'],
      ['helper->shell', false, 'helper', 'shell', false, undefined],
    ]);
    expect(model.flows[0]?.properties).toEqual({ protocol: 'https', encrypted: true, authenticated: true, integrity: false });
    expect(model.flows[4]?.carries).toEqual(['prompt', 'records']);
    expect(model.flows[4]?.controls).toEqual(['egress_filtering']);
  });

  it('resolves disposition targets: elements, boundaries, named flows and flows by their ends', () => {
    expect(model.dispositions.map((d) => [d.kind, d.threat, d.target])).toEqual([
      ['mitigate', 'prompt-injection.indirect', { type: 'element', id: 'helper' }],
      ['accept', 'model-extraction.query', { type: 'element', id: 'llm' }],
      ['dismiss', 'data-poisoning.public-web', { type: 'element', id: 'corpus' }],
      ['mitigate', 'excessive-agency.no-approval', { type: 'flow', id: 'helper->shell' }],
      ['mitigate', 'prompt-injection.direct', { type: 'flow', id: 'ask' }],
      // a bidirectional flow is found from either end
      ['mitigate', 'system-prompt-leakage', { type: 'flow', id: 'helper<->llm' }],
      ['accept', 'denial-of-service', { type: 'boundary', id: 'outer' }],
    ]);
    expect(model.dispositions[1]?.properties).toEqual({ reason: 'vendor model', owner: 'ml-platform', expires: '2027-06-30' });
    expect(model.dispositions[0]?.properties).toEqual({ by: 'fenced retrieval', status: 'implemented', controls: ['input_validation'] });
  });
});

describe('imports', () => {
  it('reads imported files depth-first, once each, into one namespace', () => {
    const result = load(fixture('multi/main.aitm'));
    expect(result.diagnostics).toEqual([]);
    expect(result.model.files).toEqual([
      'test/semantics/fixtures/multi/main.aitm',
      'test/semantics/fixtures/multi/lib/shared.aitm',
      'test/semantics/fixtures/multi/lib/more.aitm',
    ]);
    expect(result.model.flows[0]).toMatchObject({ source: 'svc', target: 'vendor_llm', carries: ['prompt'] });
    expect(result.model.elements.find((e) => e.id === 'vendor_llm')?.span.file).toBe('test/semantics/fixtures/multi/lib/shared.aitm');
  });

  it('reads imports from an in-memory map with parse()', () => {
    const result = parse('import "lib.aitm"\nsystem "S" {}\nboundary b { trust: internal\n service s }', {
      file: 'main.aitm',
      files: { 'lib.aitm': 'boundary c { trust: internal\n service t }\nflow s -> t' },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.model.flows.map((f) => f.id)).toEqual(['s->t']);
  });
});

describe('source text variants', () => {
  const text = fs.readFileSync(fixture('all-constructs.aitm'), 'utf8');
  const strip = (r: ReturnType<typeof parse>) => JSON.parse(JSON.stringify(r.model, (k, v) => (/span$|Spans?$/i.test(k) ? undefined : v)));

  it.each([
    ['CRLF line endings', text.replace(/\n/g, '\r\n')],
    ['a byte-order mark', '\uFEFF' + text],
    ['tab indentation', text.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2))],
    ['lone CR line endings', text.replace(/\n/g, '\r')],
  ])('resolves the same model with %s', (_, variant) => {
    const original = parse(text);
    const result = parse(variant);
    expect(result.diagnostics).toEqual([]);
    expect(strip(result)).toEqual(strip(original));
  });

  it('keeps line numbers right with CRLF and counts columns in UTF-16 units after non-ASCII text', () => {
    const result = parse('system "S" {}\r\ndata d "é🙂" { kind: bogus }\r\n');
    const d = result.diagnostics.find((x) => x.code === 'AITM402');
    expect([d?.span?.line, d?.span?.column]).toEqual([2, 22]);
  });
});
