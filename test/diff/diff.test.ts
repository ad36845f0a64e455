import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { diffModels, type AnalysedModel } from '../../src/diff/diff.js';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';

function analysed(text: string): AnalysedModel {
  const { model, ok, diagnostics } = parse(`system "S" { owner: "o" }\n${text}`, { file: 'm.aitm' });
  expect(ok, diagnostics.map((d) => d.message).join('; ')).toBe(true);
  return { model, analysis: analyze(model, { asOf: '2026-11-27' }) };
}

const zone = (body: string) => `boundary app { trust: internal\n${body}\n}`;

describe('diffModels: declarations', () => {
  it.each([
    ['an element added', zone('service a'), zone('service a\nservice b "B"'), [['added', 'service', 'b', []]]],
    ['an element removed', zone('service a\nservice b'), zone('service a'), [['removed', 'service', 'b', []]]],
    [
      'an element changed, field by field',
      zone('model m { type: classifier }'),
      zone('model m "Scorer" { type: llm, hosting: self_hosted }'),
      [['changed', 'model', 'm', ['label: m → Scorer', 'type: classifier → llm', 'hosting: (unset) → self_hosted']]],
    ],
    ['an element moved to another boundary', `${zone('service a')}\nboundary dmz { trust: external }`, `${zone('')}\nboundary dmz { trust: external\nservice a }`, [['changed', 'service', 'a', ['boundary: app → dmz']]]],
    ['a boundary\'s trust', zone('service a'), zone('service a').replace('internal', 'partner'), [['changed', 'boundary', 'app', ['trust: internal → partner']]]],
    [
      'a flow added, and what it carries changed',
      `data d\ndata e\n${zone('service a\nservice b')}\nflow a -> b { carries: [d] }`,
      `data d\ndata e\n${zone('service a\nservice b')}\nflow a -> b { carries: [d, e] }\nflow b -> a`,
      [['changed', 'flow', 'a->b', ['carries: [d] → [d, e]']], ['added', 'flow', 'b->a', []]],
    ],
    [
      'a disposition added',
      zone('agent x'),
      `${zone('agent x')}\ndismiss prompt-injection.direct on x { reason: "internal only" }`,
      [['added', 'disposition', 'dismiss prompt-injection.direct on x', []]],
    ],
  ])('%s', (_, before, after, expected) => {
    const diff = diffModels(analysed(before), analysed(after));
    const got = diff.entities.map((e) => [e.change, e.kind, e.id, e.details]);
    expect(got).toEqual(expected);
  });

  it('reports nothing when only the layout changed', () => {
    const text = zone('service a "A" { type: backend }\nservice b') + '\nflow a -> b';
    const relaid = text.replace(/ /g, '  ').replace(/\n/g, '\n\n');
    const diff = diffModels(analysed(text), analysed(relaid));
    expect(diff).toEqual({ introduced: [], resolved: [], entities: [], controls: [] });
  });
});

describe('diffModels: controls and findings', () => {
  const before = load('test/diff/fixtures/before.aitm');
  const after = load('test/diff/fixtures/after.aitm');
  const diff = diffModels(
    { model: before.model, analysis: analyze(before.model, { asOf: '2026-11-27' }) },
    { model: after.model, analysis: analyze(after.model, { asOf: '2026-11-27' }) },
  );

  it('lists controls added and removed on declarations present in both versions', () => {
    expect(diff.controls).toEqual([{ change: 'added', control: 'rate_limiting', on: { type: 'element', kind: 'api', id: 'chat' } }]);
    const reversed = diffModels(
      { model: after.model, analysis: analyze(after.model, { asOf: '2026-11-27' }) },
      { model: before.model, analysis: analyze(before.model, { asOf: '2026-11-27' }) },
    );
    expect(reversed.controls.map((c) => [c.change, c.control])).toEqual([['removed', 'rate_limiting']]);
    expect(reversed.introduced.map((i) => i.finding.threat)).toEqual(diff.resolved.map((r) => r.finding.threat));
  });

  it('finds what the change introduces (most severe first) and resolves, by fingerprint', () => {
    expect(diff.introduced.map((i) => [i.finding.severity, i.finding.threat, i.finding.target.id])).toEqual([
      ['critical', 'excessive-agency.autonomous', 'bot'],
      ['critical', 'excessive-agency.irreversible-action', 'bot'],
      ['critical', 'exfiltration.lethal-trifecta', 'bot'],
      ['critical', 'manipulation.outbound-phishing', 'bot'],
    ]);
    // The rate limit the change adds mitigates unbounded consumption (a finding still, no longer open).
    expect(diff.resolved.map((r) => [r.finding.threat, r.after?.status ?? 'gone'])).toEqual([
      ['prompt-injection.direct', 'mitigated'],
      ['availability.unbounded-consumption', 'mitigated'],
    ]);
  });
});
