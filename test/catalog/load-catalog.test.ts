import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/catalog/load-catalog.js';

/** A user catalog with one threat; `patch` edits the threat before it is written out as JSON text. */
function catalogText(patch: (threat: Record<string, unknown>) => void = () => {}, extra: Record<string, unknown> = {}): string {
  const threat: Record<string, unknown> = {
    id: 'custom.thing',
    title: 'Thing',
    description: 'A custom threat.',
    category: 'injection',
    stage: 'design',
    likelihood: 'low',
    impact: 'low',
    targets: ['agent'],
    when: { all: [{ predicate: 'receives-untrusted-content' }, { property: 'autonomy', in: ['autonomous'] }] },
    mitigations: [{ controls: ['human_approval'], guidance: 'Approve.' }],
    references: { atlas: [], owaspLlm: ['LLM01:2025'], nist: ['gen.direct.jailbreak'], guidelines: ['DESIGN-3'] },
  };
  patch(threat);
  return JSON.stringify({ name: 'custom', version: '1', threats: [threat], ...extra }, null, 2);
}

const controls = [{ id: 'human_approval', title: 'Approve', description: 'A person approves.', guidelines: ['DESIGN-3'] }];

function load(text: string) {
  const result = loadCatalogs([{ name: 'custom.json', text }, { name: 'controls', value: { controls } }]);
  return { threats: result.catalog.threats.map((t) => t.id), diagnostics: result.diagnostics };
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('user catalogs', () => {
  it('load when valid', () => {
    expect(load(catalogText())).toEqual({ threats: ['custom.thing'], diagnostics: [] });
  });

  it('report invalid JSON at its position', () => {
    const text = '{\n  "threats": [,]\n}';
    const { threats, diagnostics } = load(text);
    expect(threats).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ code: 'AITM700', message: 'invalid JSON: value expected', span: { file: 'custom.json', line: 2, column: 15 } });
  });

  it.each([
    [
      'a misspelt predicate, with a suggestion',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[0] = { predicate: 'receives-untrusted-contnet' }),
      'AITM701',
      '$.threats[0].when.all[0].predicate: `receives-untrusted-contnet` is not allowed',
      'did you mean `receives-untrusted-content`?',
      '"receives-untrusted-contnet"',
    ],
    [
      'a predicate argument of the wrong kind',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[0] = { predicate: 'reaches-tool', args: { effect: ['teleport'] } }),
      'AITM701',
      '$.threats[0].when.all[0].args.effect[0]: `teleport` is not allowed',
      undefined,
      '"teleport"',
    ],
    [
      'an unknown argument',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[0] = { predicate: 'reaches-tool', args: { efect: ['write'] } }),
      'AITM701',
      '$.threats[0].when.all[0].args: unknown field `efect`',
      'did you mean `effect`?',
      '"efect"',
    ],
    [
      'an unknown category',
      (t: Record<string, unknown>) => (t.category = 'injectoin'),
      'AITM701',
      '$.threats[0].category: `injectoin` is not allowed',
      'did you mean `injection`?',
      '"injectoin"',
    ],
    [
      'a missing field',
      (t: Record<string, unknown>) => delete t.title,
      'AITM701',
      "$.threats[0]: missing field `title`",
      undefined,
      '{\n      "id"',
    ],
    [
      'a property the target kinds do not have',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[1] = { property: 'autonomi', in: ['autonomous'] }),
      'AITM702',
      '`autonomi` is not a property of agent (threat `custom.thing`)',
      'did you mean `autonomy`?',
      '"autonomi"',
    ],
    [
      'an unknown control',
      (t: Record<string, unknown>) => (t.mitigations = [{ controls: ['human_aproval'], guidance: 'x' }]),
      'AITM704',
      'threat `custom.thing` is mitigated by unknown control `human_aproval`',
      'did you mean `human_approval`?',
      '"human_aproval"',
    ],
    [
      'a flow predicate on an element threat',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[0] = { predicate: 'carries-data' }),
      'AITM705',
      'predicate `carries-data` is about flows, but threat `custom.thing` also targets agent',
      undefined,
      '"carries-data"',
    ],
    // Found by the fuzz campaign: these passed the schema and then threw in the loader.
    [
      'predicate arguments without a predicate',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[0] = { args: { effect: ['write'] } }),
      'AITM701',
      '$.threats[0].when.all[0]: missing field `predicate`',
      undefined,
      '{\n            "args"',
    ],
    [
      'values without a property',
      (t: Record<string, unknown>) => ((t.when as { all: unknown[] }).all[1] = { in: ['autonomous'], orUnset: true }),
      'AITM701',
      '$.threats[0].when.all[1]: missing field `property`',
      undefined,
      '{\n            "in"',
    ],
  ])('report %s at its JSON path', (_, patch, code, message, help, token) => {
    const text = catalogText(patch);
    const { threats, diagnostics } = load(text);
    expect(threats).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual([code]);
    expect(diagnostics[0]!.message).toBe(message);
    if (help) expect(diagnostics[0]!.help).toBe(help);
    expect(diagnostics[0]!.span?.line).toBe(lineOf(text, token));
  });

  it('report a threat id defined twice, pointing at both', () => {
    const text = catalogText();
    const result = loadCatalogs([
      { name: 'controls', value: { controls } },
      { name: 'a.json', text },
      { name: 'b.json', text },
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.file, d.related?.[0]?.span.file])).toEqual([
      ['AITM703', 'threat `custom.thing` is defined more than once', 'b.json', 'a.json'],
    ]);
    expect(result.catalog.threats.map((t) => t.id)).toEqual(['custom.thing']);
  });

  it('never evaluates catalog text: a string that looks like code is just a string', () => {
    const text = catalogText((t) => (t.description = '${process.exit(1)}'));
    expect(load(text).diagnostics).toEqual([]);
  });
});
