import fs from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineSystem } from '../../src/builder/define-system.js';
import { parse } from '../../src/compile.js';
import type { DatasetElement, ModelElement } from '../../src/semantics/model.js';
import { propertyJsonSchema } from '../../src/semantics/property-schema.js';
import { elementPropertyTable, elementProperties } from '../../src/semantics/vocabulary.js';

/**
 * `artifacts`: the first `text` property that is a list. Each item is a string checked against the
 * pattern on its own, reported at its own span.
 */

const digest = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const other = '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752';
const hint = 'write it as sha256sum prints it: `<digest>  <path>` (64 lowercase hex digits, two spaces, then the path relative to this file)';

function check(body: string) {
  const result = parse(`system "T" {}\nboundary lab {\n  trust: internal\n${body}\n}\n`, { file: 'm.aitm' });
  const element = (id: string) => result.model.elements.find((e) => e.id === id);
  return {
    result,
    element,
    diagnostics: result.diagnostics.map((d) => ({ code: d.code, message: d.message, at: `${d.span?.line}:${d.span?.column}+${d.span?.length}`, label: d.label, help: d.help })),
  };
}

describe('the `artifacts` property', () => {
  it('is a list of patterned strings on models and datasets, and nowhere else', () => {
    expect(elementProperties.model.artifacts).toBe(elementProperties.dataset.artifacts);
    expect(elementProperties.model.artifacts).toMatchObject({ type: 'text', many: true });
    for (const kind of ['actor', 'service', 'api', 'agent', 'tool', 'store', 'pipeline'] as const) {
      expect(Object.hasOwn(elementPropertyTable(kind), 'artifacts'), kind).toBe(false);
    }
  });

  it('reads a list of entries, in order, with each entry\'s span', () => {
    const { result, element, diagnostics } = check(
      `  model m {\n    artifacts: [\n      "${digest}  weights/model.safetensors",\n      "${other}  weights/config.json",\n    ]\n  }`,
    );
    expect(diagnostics).toEqual([]);
    const m = element('m') as ModelElement;
    expect(m.properties.artifacts).toEqual([`${digest}  weights/model.safetensors`, `${other}  weights/config.json`]);
    expect(m.propertySpans['artifacts']).toMatchObject({ line: 5, column: 5 });
    expect(result.ok).toBe(true);
  });

  it('reads a single string as a list of one', () => {
    const { element, diagnostics } = check(`  dataset d { artifacts: "${digest}  data/train.jsonl" }`);
    expect(diagnostics).toEqual([]);
    expect((element('d') as DatasetElement).properties.artifacts).toEqual([`${digest}  data/train.jsonl`]);
  });

  it('reports each malformed entry at its span, with the sha256sum format as help, and drops the property', () => {
    const line = `  model m { artifacts: ["${digest}  ok.bin", "${digest.toUpperCase()}  w.bin", "${digest} w.bin", "abc  w.bin"] }`;
    const { element, diagnostics } = check(line);
    const at = (text: string) => `4:${line.indexOf(text) + 1}+${text.length}`;
    expect(diagnostics).toEqual([
      {
        code: 'AITM403',
        message: `\`${digest.toUpperCase().slice(0, 40)}…${digest.toUpperCase().slice(-9)}  w.bin\` is not a valid \`artifacts\` entry`,
        at: at(`"${digest.toUpperCase()}  w.bin"`),
        label: 'wrong format',
        help: hint,
      },
      {
        code: 'AITM403',
        message: `\`${digest.slice(0, 40)}…${digest.slice(-10)} w.bin\` is not a valid \`artifacts\` entry`,
        at: at(`"${digest} w.bin"`),
        label: 'wrong format',
        help: hint,
      },
      { code: 'AITM403', message: '`abc  w.bin` is not a valid `artifacts` entry', at: at('"abc  w.bin"'), label: 'wrong format', help: hint },
    ]);
    expect(element('m')?.properties).toEqual({});
  });

  it('reports a name or a number in the list, and still checks the strings around it', () => {
    const line = `  model m { artifacts: [weights, "abc  w.bin", 3] }`;
    const { element, diagnostics } = check(line);
    expect(diagnostics).toEqual([
      {
        code: 'AITM401',
        message: '`artifacts` on a model expects a list of strings, found a name',
        at: `4:${line.indexOf('weights') + 1}+7`,
        label: 'expected a list of strings',
        help: 'put each item in double quotes: `"weights"`',
      },
      { code: 'AITM403', message: '`abc  w.bin` is not a valid `artifacts` entry', at: `4:${line.indexOf('"abc') + 1}+12`, label: 'wrong format', help: hint },
      { code: 'AITM401', message: '`artifacts` on a model expects a list of strings, found a number', at: `4:${line.indexOf('3]') + 1}+1`, label: 'expected a list of strings', help: undefined },
    ]);
    expect(element('m')?.properties).toEqual({});
  });

  it('warns about the same entry twice', () => {
    const line = `  dataset d { artifacts: ["${digest}  a", "${digest}  a"] }`;
    const { diagnostics, result } = check(line);
    expect(diagnostics.map((d) => [d.code, d.at])).toEqual([['AITM503', `4:${line.lastIndexOf('"9f86') + 1}+69`]]);
    expect(result.ok).toBe(true);
  });

  it('is typed as a list of strings in the model and in the builder', () => {
    expectTypeOf<ModelElement['properties']['artifacts']>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<DatasetElement['properties']['artifacts']>().toEqualTypeOf<readonly string[] | undefined>();
    const built = defineSystem('T', {}, (s) => {
      s.boundary('lab', 'Lab', { trust: 'internal' }, (b) => {
        b.model('m', 'M', { artifacts: [`${digest}  w.bin`, `${other}  c.json`] });
      });
    });
    expect(built.source).toContain(`model m "M" {\n    artifacts: ["${digest}  w.bin", "${other}  c.json"]\n  }`);
    expect(built.diagnostics).toEqual([]);
    expect((built.model.elements[0] as ModelElement).properties.artifacts).toHaveLength(2);
  });

  it('has a JSON Schema of an array of patterned strings, in the published model schema', () => {
    const { pattern } = elementProperties.model.artifacts;
    expect(propertyJsonSchema(elementProperties.model.artifacts)).toEqual({
      description: elementProperties.model.artifacts.doc,
      type: 'array',
      items: { type: 'string', pattern },
    });
    const schema = JSON.parse(fs.readFileSync('docs/schema/model.schema.json', 'utf8')) as {
      properties: { elements: { items: { oneOf: { properties: { kind: { const: string }; properties: { properties: Record<string, unknown> } } }[] } } };
    };
    const byKind = Object.fromEntries(schema.properties.elements.items.oneOf.map((s) => [s.properties.kind.const, s.properties.properties.properties]));
    expect(byKind['model']?.['artifacts']).toMatchObject({ type: 'array', items: { type: 'string', pattern } });
    expect(byKind['dataset']?.['artifacts']).toMatchObject({ type: 'array', items: { type: 'string', pattern } });
    expect(byKind['tool']?.['artifacts']).toBeUndefined();
  });
});
