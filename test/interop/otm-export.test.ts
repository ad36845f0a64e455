import fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { attributeValue, toOtm, toOtmJson } from '../../src/interop/otm-export.js';
import { componentType, confidentialityRatings, findingStates, outsideZone, trustRatings } from '../../src/interop/otm-mapping.js';
import type { OtmDocument, OtmThreatInstance } from '../../src/interop/otm-types.js';
import { load } from '../../src/node/load.js';
import { classifications, elementKinds, trustLevels } from '../../src/semantics/vocabulary.js';
import { sharedAbsent, skipIf } from '../requirements.js';

const schemaPath = '../shared/schemas/otm.schema.json';
const examplePath = '../shared/schemas/otm-example.json';
const examples = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`);
const catalog = prepareCatalog();
const asOf = '2026-06-01';

function exported(file: string) {
  const loaded = load(file);
  expect(loaded.ok, loaded.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  const analysis = analyze(loaded.model, { catalog, asOf });
  const input = { model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources };
  return { ...loaded, analysis, input, otm: toOtm(input) };
}

function fromText(text: string, file = 'model.aitm') {
  const parsed = parse(text, { file });
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const analysis = analyze(parsed.model, { catalog, asOf });
  return { parsed, analysis, otm: toOtm({ model: parsed.model, analysis, catalog: catalog.catalog }) };
}

/** The OTM JSON Schema, compiled as its `$schema` says (draft-07, Ajv's default); strict mode off for its union types. */
function schemaValidator() {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const instances = (otm: OtmDocument) => [
  ...(otm.components ?? []).flatMap((c) => (c.threats ?? []).map((t) => ({ t, target: `element:${c.id}` }))),
  ...(otm.dataflows ?? []).flatMap((f) => (f.threats ?? []).map((t) => ({ t, target: `flow:${f.id}` }))),
];

describe('OTM export: schema', () => {
  it('the validator accepts the OTM project\'s own example', (context) => {
    skipIf(context, sharedAbsent(examplePath));
    const validate = schemaValidator();
    expect(validate(JSON.parse(fs.readFileSync(examplePath, 'utf8')))).toBe(true);
  });

  it('every example exports to OTM that validates against the OTM 0.2.0 schema', (context) => {
    skipIf(context, sharedAbsent(schemaPath));
    const validate = schemaValidator();
    for (const file of examples) {
      const { otm } = exported(file);
      // Through JSON, as a consumer reads it: no undefined left anywhere.
      const json = JSON.parse(toOtmJson(exported(file).input));
      expect(json).toEqual(JSON.parse(JSON.stringify(otm)));
      expect(validate(json), `${file}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`).toBe(true);
    }
  });

  it('a model with elements outside every boundary validates too', (context) => {
    skipIf(context, sharedAbsent(schemaPath));
    const { otm } = fromText('system "S" { owner: "o" }\nservice web\nboundary b { trust: internal\n  store db }\nflow web -> db\n');
    expect(schemaValidator()(otm)).toBe(true);
  });

  it('writes only strings in attributes (Map[string, string] in the OTM specification)', () => {
    for (const file of examples) {
      const { otm } = exported(file);
      const maps = [
        otm.project.attributes,
        ...(otm.representations ?? []).map((r) => r.attributes),
        ...(otm.assets ?? []).map((a) => a.attributes),
        ...(otm.trustZones ?? []).flatMap((z) => [z.attributes, ...(z.representations ?? []).map((r) => r.attributes)]),
        ...(otm.components ?? []).flatMap((c) => [c.attributes, ...(c.representations ?? []).map((r) => r.attributes)]),
        ...(otm.dataflows ?? []).flatMap((f) => [f.attributes, ...(f.representations ?? []).map((r) => r.attributes)]),
        ...(otm.threats ?? []).map((t) => t.attributes),
        ...(otm.mitigations ?? []).map((m) => m.attributes),
      ];
      for (const map of maps) for (const value of Object.values(map ?? {})) expect(typeof value).toBe('string');
    }
  });
});

describe('OTM export: one OTM object per model object', () => {
  it.each(examples)('%s', (file) => {
    const { model, analysis, otm } = exported(file);
    const outside = model.elements.some((e) => e.boundary === undefined);
    expect(otm.otmVersion).toBe('0.2.0');
    expect(otm.trustZones!.map((z) => z.id)).toEqual([...model.boundaries.map((b) => b.id), ...(outside ? [outsideZone.id] : [])]);
    expect(otm.components!.map((c) => c.id)).toEqual(model.elements.map((e) => e.id));
    expect(otm.dataflows!.map((f) => f.id)).toEqual(model.flows.map((f) => f.id));
    expect(otm.assets!.map((a) => a.id)).toEqual(model.data.map((d) => d.id));

    for (const b of model.boundaries) {
      const zone = otm.trustZones!.find((z) => z.id === b.id)!;
      expect(zone.risk.trustRating).toBe(trustRatings[b.trust]);
      expect(zone.parent).toEqual(b.parent === undefined ? undefined : { trustZone: b.parent });
      expect(zone.name).toBe(b.label);
    }
    for (const e of model.elements) {
      const c = otm.components!.find((x) => x.id === e.id)!;
      expect(c.type).toBe(componentType(e.kind));
      expect(c.parent).toEqual({ trustZone: e.boundary ?? outsideZone.id });
      expect(c.tags?.[0]).toBe(e.kind);
      expect(c.name).toBe(e.label);
    }
    for (const f of model.flows) {
      const d = otm.dataflows!.find((x) => x.id === f.id)!;
      expect([d.source, d.destination, d.bidirectional]).toEqual([f.source, f.target, f.bidirectional]);
      expect(d.assets ?? []).toEqual(f.carries);
    }

    // One threat instance per finding, on the finding's target, with the mapped state.
    const all = instances(otm);
    expect(all).toHaveLength(analysis.findings.length);
    const byKey = new Map(all.map(({ t, target }) => [`${t.threat} ${target}`, t]));
    expect(byKey.size).toBe(all.length);
    for (const f of analysis.findings) {
      const instance = byKey.get(`${f.threat} ${f.target.type}:${f.target.id}`);
      expect(instance, `${f.threat} on ${f.target.id}`).toBeDefined();
      expect(instance!.state).toBe(findingStates[f.status]);
    }

    // Threats: exactly those that fired; mitigations: exactly those referenced, each once.
    expect(otm.threats!.map((t) => t.id)).toEqual([...new Set(analysis.findings.map((f) => f.threat))].sort());
    const referenced = new Set(all.flatMap(({ t }) => (t.mitigations ?? []).map((m) => m!.mitigation!)));
    expect(otm.mitigations!.map((m) => m.id)).toEqual([...referenced].sort());
    for (const m of otm.mitigations!) {
      expect(m.riskReduction).toBeGreaterThan(0);
      expect(m.riskReduction).toBeLessThanOrEqual(100);
      expect(m.name).toBe(catalog.catalog.controls.get(m.id)!.title);
    }
    for (const t of otm.threats!) {
      for (const n of [t.risk.likelihood!, t.risk.impact]) expect(n >= 0 && n <= 100).toBe(true);
    }
  });
});

describe('OTM export: exact mappings (rag-support-assistant)', () => {
  const { otm, model, analysis } = exported('examples/rag-support-assistant.aitm');
  const zone = (id: string) => otm.trustZones!.find((z) => z.id === id)!;
  const component = (id: string) => otm.components!.find((c) => c.id === id)!;
  const flow = (id: string) => otm.dataflows!.find((f) => f.id === id)!;
  const instance = (list: readonly OtmThreatInstance[] | null | undefined, threat: string) => list?.find((t) => t.threat === threat);

  it('maps the project from the system', () => {
    expect(otm.project).toMatchObject({
      name: 'Acme Support Assistant',
      id: 'acme-support-assistant',
      owner: 'support-platform@acme.example',
      attributes: { owner: 'support-platform@acme.example', version: '2.3.0' },
    });
    expect(otm.project.attributes!.practices).toBe(
      'threat_modeling, secure_design_review, supply_chain_review, red_teaming, incident_response, behaviour_monitoring, input_monitoring',
    );
  });

  it('maps boundaries to trust zones: rating from the effective trust, nesting, written trust kept', () => {
    expect(zone('internet').risk.trustRating).toBe(0);
    expect(zone('llm_vendor').risk.trustRating).toBe(25);
    expect(zone('acme_cloud')).toMatchObject({ risk: { trustRating: 75 }, type: 'aitm-boundary', attributes: { trust: 'internal', owner: 'support-platform' } });
    expect(zone('acme_cloud').parent).toBeUndefined();
    // `edge` writes no trust: it inherits internal.
    expect(zone('edge')).toMatchObject({ parent: { trustZone: 'acme_cloud' }, risk: { trustRating: 75 } });
    expect(zone('edge').attributes!.trust).toBeUndefined();
    expect(zone('customer_data')).toMatchObject({ parent: { trustZone: 'acme_cloud' }, risk: { trustRating: 100 }, attributes: { trust: 'restricted' } });
  });

  it('maps elements to components with their properties as attributes', () => {
    expect(component('llm')).toMatchObject({
      name: 'Hosted chat model',
      type: 'aitm-model',
      parent: { trustZone: 'llm_vendor' },
      tags: ['model'],
      attributes: { type: 'llm', hosting: 'external_api', returns: 'text', provider: 'Example AI, Inc.' },
    });
    expect(component('chat_api').attributes).toMatchObject({ rate_limit: '20/min', controls: 'rate_limiting, input_validation, usage_quotas' });
    expect(component('crm').assets).toEqual({ processed: ['customer', 'refund_request'], stored: ['customer', 'refund_request'] });
    expect(component('assistant').assets?.stored).toEqual(['llm_key', 'crm_token']);
  });

  it('maps flows to dataflows, `<->` to bidirectional', () => {
    expect(flow('approve')).toMatchObject({ name: 'review refund', bidirectional: true, source: 'support_agent', destination: 'refund', assets: ['refund_request'], tags: ['https'] });
    expect(flow('chat_ui->chat_api')).toMatchObject({ name: 'chat_ui->chat_api', bidirectional: false, attributes: { encrypted: 'true', authenticated: 'true' } });
  });

  it('maps data to assets, confidentiality from classification', () => {
    const customer = otm.assets!.find((a) => a.id === 'customer')!;
    expect(customer.risk).toMatchObject({ confidentiality: confidentialityRatings.confidential, integrity: 50, availability: 50 });
    expect(customer.attributes).toMatchObject({ classification: 'confidential', pii: 'true', kind: 'personal' });
  });

  it('maps finding statuses to threat instance states, with mitigation instances', () => {
    expect(instance(component('index').threats, 'rag-poisoning.vector-store')?.state).toBe('accepted');
    expect(instance(component('ratings').threats, 'data-poisoning.evaluation-set')?.state).toBe('not-applicable');
    expect(instance(component('embedder').threats, 'availability.model-dos')?.state).toBe('mitigated');
    expect(instance(component('assistant').threats, 'prompt-injection.indirect')?.state).toBe('mitigated');
    // Controls win over the `mitigate { status: in_progress }` on `complete`.
    expect(instance(flow('complete').threats, 'privacy.external-provider')?.state).toBe('mitigated');
    expect(instance(component('assistant').threats, 'exfiltration.lethal-trifecta')?.state).toBe('exposed');
    const direct = instance(component('assistant').threats, 'prompt-injection.direct')!;
    const finding = analysis.findings.find((f) => f.threat === 'prompt-injection.direct' && f.target.id === 'assistant')!;
    for (const c of finding.presentControls) expect(direct.mitigations).toContainEqual({ mitigation: c, state: 'implemented' });
  });

  it('keeps each disposition on its target, for import', () => {
    const kept = JSON.parse(component('index').attributes!['aitm.dispositions']!);
    expect(kept).toEqual([
      {
        kind: 'accept',
        threat: 'rag-poisoning.vector-store',
        reason: 'Community posts are moderated before publication; index rebuilds are reviewed weekly.',
        owner: 'Zoë Lefèvre (Head of Support)',
        expires: '2027-06-30',
      },
    ]);
    expect(JSON.parse(flow('complete').attributes!['aitm.dispositions']!)[0]).toMatchObject({ kind: 'mitigate', status: 'in_progress' });
  });

  it('points every object at its declaration: a representation element (file, line) and `aitm.source`', () => {
    expect(otm.representations).toEqual([expect.objectContaining({ id: 'aitm-source', type: 'code' })]);
    const llm = model.elements.find((e) => e.id === 'llm')!;
    const representation = component('llm').representations![0]!;
    expect(representation).toMatchObject({
      representation: 'aitm-source',
      id: 'llm',
      file: 'examples/rag-support-assistant.aitm',
      line: llm.span.line,
      attributes: { column: String(llm.span.column), endLine: String(llm.span.endLine), endColumn: String(llm.span.endColumn) },
    });
    expect(representation.codeSnippet).toMatch(/^model llm "Hosted chat model" \{\n/);
    expect(component('llm').attributes!['aitm.source']).toBe(`examples/rag-support-assistant.aitm:${llm.span.line}:${llm.span.column}`);
    // A boundary's snippet is its first line, not everything inside it.
    expect(zone('acme_cloud').representations![0]!.codeSnippet).toBe('boundary acme_cloud "Acme cloud — production" {');
    for (const list of [otm.trustZones!, otm.components!, otm.dataflows!]) {
      for (const o of list) if (o.id !== outsideZone.id) expect(o.representations?.[0]?.line, o.id).toBeGreaterThan(0);
    }
  });
});

describe('OTM export: other cases', () => {
  it('puts elements outside every boundary in one synthetic untrusted zone', () => {
    const { otm } = fromText('system "S" { owner: "o" }\nactor user\nboundary b { trust: internal\n  service web }\nflow user -> web\n');
    expect(otm.trustZones!.at(-1)).toMatchObject({ id: 'aitm:outside', type: 'aitm-outside', risk: { trustRating: 0 } });
    expect(otm.components!.find((c) => c.id === 'user')!.parent).toEqual({ trustZone: 'aitm:outside' });
    expect(otm.components!.find((c) => c.id === 'web')!.parent).toEqual({ trustZone: 'b' });
  });

  it('exports a planned finding as exposed, its plan kept in `aitm.dispositions`', () => {
    const { otm, analysis } = fromText(
      [
        'system "S" { owner: "o" }',
        'boundary net { trust: untrusted',
        '  actor user { type: human } }',
        'boundary app { trust: internal',
        '  model m { type: llm, hosting: self_hosted } }',
        'flow user -> m',
        'mitigate monitoring.missing-inference-logging on m { by: "Logging is being rolled out", status: planned }',
      ].join('\n'),
    );
    expect(analysis.findings.find((f) => f.threat === 'monitoring.missing-inference-logging')?.status).toBe('planned');
    const m = otm.components!.find((c) => c.id === 'm')!;
    expect(m.threats!.find((t) => t.threat === 'monitoring.missing-inference-logging')!.state).toBe('exposed');
    expect(JSON.parse(m.attributes!['aitm.dispositions']!)).toEqual([
      { kind: 'mitigate', threat: 'monitoring.missing-inference-logging', by: 'Logging is being rolled out', status: 'planned' },
    ]);
  });

  it('needs no synthetic zone when every element is in a boundary', () => {
    expect(exported('examples/rag-support-assistant.aitm').otm.trustZones!.some((z) => z.id === outsideZone.id)).toBe(false);
  });

  it('names the files of a model with imports, and points imported declarations at their own file', () => {
    const { otm } = exported('examples/fine-tuning-service.aitm');
    expect(otm.representations![0]!.attributes!.files).toBe('examples/fine-tuning-service.aitm, examples/shared/providers.aitm');
    expect(otm.components!.find((c) => c.id === 'hub')!.representations![0]!.file).toBe('examples/shared/providers.aitm');
  });

  it('works without a system declaration and without sources', () => {
    const { otm } = fromText('boundary b { trust: internal\n  service web }\n', 'dir/no-system.aitm');
    expect(otm.project).toMatchObject({ name: 'no-system', id: 'no-system' });
    expect(otm.components![0]!.representations![0]!.codeSnippet).toBeUndefined();
  });

  it('writes property values as strings: lists of names with `, `, lists of text by line or as JSON', () => {
    const names = { type: 'enum', doc: '', values: ['a', 'b'], many: true } as const;
    const texts = { type: 'text', doc: '', many: true } as const;
    expect([attributeValue(true, names), attributeValue(['a', 'b'], names)]).toEqual(['true', 'a, b']);
    expect(attributeValue(['x, y', 'z'], texts)).toBe('x, y\nz');
    expect(attributeValue(['two\nlines', 'z'], texts)).toBe('["two\\nlines","z"]');
    expect(attributeValue(['[bracketed]'], texts)).toBe('["[bracketed]"]');
  });

  it('is byte-identical run to run', () => {
    for (const file of examples) expect(toOtmJson(exported(file).input)).toBe(toOtmJson(exported(file).input));
  });
});

describe('docs/interop.md', () => {
  const docs = fs.readFileSync('docs/interop.md', 'utf8');
  const section = docs.slice(docs.indexOf('## Open Threat Model'));

  it('has the Open Threat Model section', () => {
    expect(docs).toContain('## Open Threat Model');
  });

  it('documents every component type, trust rating, confidentiality and state the code uses', () => {
    for (const kind of elementKinds) expect(section, kind).toContain(`\`${componentType(kind)}\``);
    for (const level of trustLevels) expect(section, level).toMatch(new RegExp(`\\| \`${level}\` \\| ${trustRatings[level]} \\|`));
    for (const c of classifications) expect(section, c).toMatch(new RegExp(`\\| \`${c}\` \\| ${confidentialityRatings[c]} \\|`));
    for (const [status, state] of Object.entries(findingStates)) expect(section, status).toMatch(new RegExp(`\\| ${status} \\| \`${state}\` \\|`));
  });
});
