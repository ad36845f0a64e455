import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote } from '../../src/builder/write-source.js';
import { parse } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { format } from '../../src/format/format.js';
import { toOtmJson } from '../../src/interop/otm-export.js';
import { limits } from '../../src/syntax/limits.js';
import { validOtm, variant } from './otm-documents.js';
import { fromOtm, type OtmImportOptions } from '../../src/interop/otm-import.js';
import { guessKind, typeKeywords } from '../../src/interop/otm-kinds.js';
import { classificationFor, trustLevelFor } from '../../src/interop/otm-mapping.js';
import type { OtmDocument } from '../../src/interop/otm-types.js';
import { load } from '../../src/node/load.js';
import type { SystemModel } from '../../src/semantics/model.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionKinds,
  dispositionProperties,
  elementKinds,
  elementProperties,
  elementPropertyTable,
  flowProperties,
  systemProperties,
  type ElementKind,
  type PropertySpec,
  type PropertyTable,
} from '../../src/semantics/vocabulary.js';
import { compareText } from '../../src/util/compare.js';
import { sharedAbsent, skipAllIf, skipIf } from '../requirements.js';

const schemaPath = '../shared/schemas/otm.schema.json';
const examplePath = '../shared/schemas/otm-example.json';
const schemaAbsent = sharedAbsent(schemaPath);
const schema = schemaAbsent ? undefined : (JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as object);
const examples = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`);
const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const catalog = prepareCatalog();
const asOf = '2026-06-01';

/** With the OTM schema where ../shared has it; aitm's own structural checks otherwise. */
const withSchema: OtmImportOptions = schema ? { schema } : {};

function exportModel(model: SystemModel, sources?: ReadonlyMap<string, { text: string }>): string {
  const analysis = analyze(model, { catalog, asOf });
  return toOtmJson({ model, analysis, catalog: catalog.catalog, sources });
}

/** Import, expecting success: the text, parsed. */
function imported(json: string, options: OtmImportOptions = withSchema) {
  const result = fromOtm(json, { file: 'model.otm.json', ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(show)).toEqual([]);
  expect(result.text).toBeDefined();
  const text = result.text!;
  const parsed = parse(text, { file: 'imported.aitm' });
  return { ...result, text, parsed };
}

function show(d: Diagnostic): string {
  return `${d.code} ${d.span ? `${d.span.line}:${d.span.column} ` : ''}${d.message}`;
}

/** Everything a model says, without where it says it; lists sorted, as declaration order may change. */
function normalize(model: SystemModel) {
  const byId = <T extends { id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => compareText(a.id, b.id));
  return {
    system: model.system && { name: model.system.name, properties: model.system.properties },
    data: byId(model.data).map((d) => ({ id: d.id, label: d.label, properties: d.properties })),
    boundaries: byId(model.boundaries).map((b) => ({ id: b.id, label: b.label, parent: b.parent, trust: b.trust, properties: b.properties })),
    elements: byId(model.elements).map((e) => ({ id: e.id, kind: e.kind, label: e.label, boundary: e.boundary, controls: e.controls, properties: e.properties })),
    flows: byId(model.flows).map((f) => ({
      id: f.id,
      named: f.named,
      label: f.label,
      source: f.source,
      target: f.target,
      bidirectional: f.bidirectional,
      carries: f.carries,
      controls: f.controls,
      properties: f.properties,
    })),
    dispositions: model.dispositions
      .map((d) => ({ kind: d.kind, threat: d.threat, target: d.target, properties: d.properties }))
      .sort((a, b) => compareText(JSON.stringify(a), JSON.stringify(b))),
  };
}

const findingsOf = (model: SystemModel) =>
  analyze(model, { catalog, asOf })
    .findings.map((f) => `${f.threat} ${f.target.type}:${f.target.id} ${f.status}`)
    .sort();

// ---- round trip --------------------------------------------------------------------------------

describe('OTM round trip: .aitm → OTM → .aitm', () => {
  it.each(examples)('%s comes back as the same model, with the same findings', (file) => {
    const original = load(file);
    expect(original.ok).toBe(true);
    const back = imported(exportModel(original.model, original.sources));
    expect(back.diagnostics.map(show)).toEqual([]);
    expect(back.parsed.diagnostics.map((d) => d.code)).toEqual(original.diagnostics.map((d) => d.code));
    const a = normalize(original.model);
    const b = normalize(back.parsed.model);
    // The parts the round trip must keep, one by one (clearer failures), then everything.
    expect(b.elements.map((e) => [e.id, e.kind, e.boundary])).toEqual(a.elements.map((e) => [e.id, e.kind, e.boundary]));
    expect(b.flows.map((f) => [f.id, f.source, f.target, f.bidirectional, f.carries])).toEqual(a.flows.map((f) => [f.id, f.source, f.target, f.bidirectional, f.carries]));
    expect(b.boundaries.map((x) => [x.id, x.parent, x.trust])).toEqual(a.boundaries.map((x) => [x.id, x.parent, x.trust]));
    expect(b.data.map((d) => d.id)).toEqual(a.data.map((d) => d.id));
    expect(b).toEqual(a);
    expect(findingsOf(back.parsed.model)).toEqual(findingsOf(original.model));
  });

  it.each(examples)('%s: the imported text is formatted, and a second round trip gives the same text', (file) => {
    const original = load(file);
    const once = imported(exportModel(original.model)).text;
    expect(format(once).text).toBe(once);
    const twice = imported(exportModel(parse(once, { file: 'imported.aitm' }).model)).text;
    expect(twice).toBe(once);
  });

  it('keeps every property of every declaration, whatever its type (generated from the vocabulary)', () => {
    const text = everyProperty();
    const original = parse(text, { file: 'every.aitm' });
    expect(original.diagnostics.filter((d) => d.severity === 'error').map(show), text).toEqual([]);
    const back = imported(exportModel(original.model));
    expect(back.parsed.diagnostics.filter((d) => d.severity === 'error').map(show), back.text).toEqual([]);
    expect(normalize(back.parsed.model)).toEqual(normalize(original.model));
  });

  it('keeps unnamed flows unnamed, dispositions on boundaries and on `a -> b`, and elements outside every boundary', () => {
    const text = [
      'system "S" { owner: "o" }',
      'actor stray "Outside"',
      'boundary net { trust: untrusted',
      '  actor user { type: human } }',
      'boundary app { trust: internal',
      '  boundary inner {',
      '    model m { type: llm, hosting: self_hosted }',
      '  }',
      '  service web { type: web_app } }',
      'flow user -> web',
      'flow web <-> m',
      'flow web -> m',
      'flow stray -> web',
      'dismiss monitoring.missing-inference-logging on inner { reason: "All calls are logged at the gateway" }',
      'mitigate prompt-injection.direct on user -> web { by: "Input guardrail" }',
    ].join('\n');
    const original = parse(text, { file: 'x.aitm' });
    const back = imported(exportModel(original.model));
    expect(normalize(back.parsed.model)).toEqual(normalize(original.model));
    expect(back.parsed.model.flows.map((f) => f.id)).toEqual(['user->web', 'web<->m', 'web->m', 'stray->web']);
    expect(back.text).toContain('dismiss monitoring.missing-inference-logging on inner');
    expect(back.text).toContain('mitigate prompt-injection.direct on user -> web');
    // The warning the original had (AITM500) comes back, explained by a comment.
    expect(back.parsed.diagnostics.map((d) => d.code)).toEqual(original.diagnostics.map((d) => d.code));
    expect(back.text).toMatch(/\/\/ OTM: outside every trust zone[^\n]*AITM500[^\n]*\nactor stray "Outside"/);
  });

  it('prefers OTM ratings edited in another tool over the trust and classification kept in attributes', () => {
    const original = load('examples/rag-support-assistant.aitm');
    const otm = JSON.parse(exportModel(original.model)) as OtmDocument;
    otm.trustZones!.find((z) => z.id === 'internet')!.risk.trustRating = 50;
    otm.trustZones!.find((z) => z.id === 'edge')!.risk.trustRating = 100;
    otm.assets!.find((a) => a.id === 'question')!.risk.confidentiality = 100;
    const back = imported(JSON.stringify(otm)).parsed.model;
    expect(back.boundaries.find((b) => b.id === 'internet')!.trust).toBe('partner');
    expect(back.boundaries.find((b) => b.id === 'edge')!.trust).toBe('restricted');
    expect(back.boundaries.find((b) => b.id === 'assistant_zone')!.properties.trust).toBeUndefined();
    expect(back.data.find((d) => d.id === 'question')!.properties.classification).toBe('restricted');
  });
});

/**
 * A model that sets every property of every declaration the vocabulary has, with values of every
 * shape (lists, text with quotes, commas, line breaks and non-ASCII, references), so that a new
 * property is covered by the round trip as soon as it is added.
 */
function everyProperty(): string {
  /** Text values for properties with a required format. */
  const patterned: Record<string, string[]> = {
    rate_limit: ['30/min'],
    artifacts: [`${'a'.repeat(64)}  weights, v2/model.safetensors`, `${'b'.repeat(64)}  tokenizer "final".json`],
  };
  const idOf = (kind: string) => `${kind}_b`;
  const value = (key: string, spec: PropertySpec, self: string): string => {
    const many = 'many' in spec && spec.many === true;
    const list = (items: string[]) => (many ? `[${items.join(', ')}]` : items[0]!);
    switch (spec.type) {
      case 'text': {
        if (spec.pattern !== undefined) {
          const samples = patterned[key];
          if (!samples) throw new Error(`add a sample value for the patterned text property \`${key}\` to this test`);
          return list(samples.map(quote));
        }
        return list([quote(`Zoë's "${key}", line one\nline two — ✓`), quote('second, with a comma')]);
      }
      case 'boolean':
        return 'true';
      case 'number':
        return String(spec.minimum ?? 1);
      case 'date':
        return '2030-01-31';
      case 'enum':
        return many ? `[${spec.values.slice(0, 2).join(', ')}]` : spec.values.at(-1)!;
      case 'symbol':
        return list(['rate_limiting', 'input_validation']);
      case 'ref': {
        const targets = spec.to.flatMap((t) => (t === 'data' ? ['d1', 'd2'] : [idOf(t)])).filter((id) => id !== self);
        return list(targets.slice(0, 2));
      }
    }
  };
  const block = (table: PropertyTable, self: string, skip: readonly string[] = []) =>
    Object.entries(table)
      .filter(([key]) => !skip.includes(key))
      .map(([key, spec]) => `  ${key}: ${value(key, spec, self)}`)
      .join('\n');
  const lines: string[] = [];
  lines.push(`system "Every property" {\n${block(systemProperties, '')}\n}`);
  lines.push(`data d1 "Data one" {\n${block(dataProperties, 'd1')}\n}`, 'data d2');
  lines.push(`boundary outer "Outer" {\n${block(boundaryProperties, 'outer')}`);
  for (const kind of elementKinds) {
    lines.push(`${kind} ${kind}_a "All of ${kind}" {\n${block(elementPropertyTable(kind), `${kind}_a`)}\n}`, `${kind} ${idOf(kind)}`);
  }
  lines.push('}');
  const flowTable = flowProperties as PropertyTable;
  lines.push(`flow every: actor_a -> service_a "All of flow" {\n${block(flowTable, 'every')}\n}`);
  lines.push(`flow service_a <-> api_a {\n${block(flowTable, '')}\n}`);
  for (const kind of dispositionKinds) {
    const threat = { mitigate: 'prompt-injection.direct', accept: 'prompt-injection.indirect', dismiss: 'system-prompt-leakage' }[kind];
    lines.push(`${kind} ${threat} on service_a {\n${block(dispositionProperties[kind] as PropertyTable, '')}\n}`);
  }
  lines.push('dismiss jailbreak.safety-bypass on every { reason: "flow target" }');
  lines.push('dismiss system-prompt-leakage on outer { reason: "boundary target" }');
  lines.push('dismiss insecure-output.sql on service_a -> api_a { reason: "endpoints target" }');
  return lines.join('\n') + '\n';
}

// ---- another tool's document --------------------------------------------------------------------

describe('OTM import: a document from another tool', () => {
  const json = fixture('other-tool.otm.json');
  const otm = JSON.parse(json) as OtmDocument;
  const result = imported(json);
  const { text } = result;
  const model = result.parsed.model;
  const element = (id: string) => model.elements.find((e) => e.id === id)!;
  const boundary = (id: string) => model.boundaries.find((b) => b.id === id)!;

  it('validates against the OTM schema', (context) => {
    skipIf(context, schemaAbsent);
    expect(fromOtm(json, { schema }).diagnostics.filter((d) => d.code === 'AITM801')).toEqual([]);
  });

  it('parses without errors; its only warning (an unused asset) is explained by a comment', () => {
    expect(result.parsed.diagnostics.map(show)).toEqual(['AITM501 24:6 data asset `audit-trail` is never used']);
    expect(text).toMatch(/\/\/ OTM: no flow carries this asset[^\n]*AITM501[^\n]*\ndata audit-trail /);
  });

  it('loses nothing: one boundary per trust zone, element per component, flow per dataflow (but the one to itself), data per asset', () => {
    expect(model.boundaries).toHaveLength(otm.trustZones!.length);
    expect(model.elements).toHaveLength(otm.components!.length);
    expect(model.flows).toHaveLength(otm.dataflows!.length - 1);
    expect(model.data).toHaveLength(otm.assets!.length);
    expect(result.diagnostics.map(show)).toEqual([
      expect.stringMatching(/^AITM804 \d+:\d+ \$\.dataflows\[8\]: dataflow `cache-self` goes from `session-cache` to itself/),
    ]);
    expect(text).toContain('// OTM dataflow "Cache warm-up" ("cache-self") from session-cache to itself');
  });

  it('maps component types to kinds, with a comment for each', () => {
    const kinds = Object.fromEntries(model.elements.map((e) => [e.id, e.kind]));
    expect(kinds).toEqual({
      browser: 'actor',
      gateway: 'service',
      'session-cache': 'store',
      orchestrator: 'agent',
      reviewer: 'actor',
      indexer: 'pipeline',
      'vector-index': 'store',
      data_tier: 'store',
      secrets: 'service',
      llm_api_v1: 'model',
    });
    for (const c of otm.components!) expect(text).toContain(`// imported from OTM type ${quote(c.type)}: mapped to `);
    expect(text).toContain('// imported from OTM type "hsm-appliance": mapped to service (no word of the type names an aitm kind)');
    expect(element('gateway').properties).toMatchObject({ type: 'gateway', exposure: 'public', auth: 'session' });
    expect(element('vector-index').properties).toMatchObject({ type: 'vector', holds: ['help-articles'] });
    expect(element('llm_api_v1').properties).toMatchObject({ type: 'llm' });
    expect(text).toContain('// OTM attributes not imported: "vendor" = "Kong"');
  });

  it('nests trust zones, maps trust ratings to the nearest level, and sanitises ids without clashes', () => {
    expect(model.boundaries.map((b) => [b.id, b.parent, b.trust])).toEqual([
      ['internet', undefined, 'untrusted'],
      ['corp-cloud', undefined, 'internal'],
      ['data_tier_2', 'corp-cloud', 'restricted'],
      ['vault-zone', 'data_tier_2', 'restricted'],
      ['model-vendor', undefined, 'external'],
    ]);
    expect(text).toContain('// OTM id "data tier"\n');
    expect(text).toContain('// OTM id "0e3f1a2b-1111-4c2d-8e9f-a0b1c2d3e4f5"\n');
    expect(text).toContain('// OTM trust rating 70: the nearest aitm trust level is internal (75).');
    expect(boundary('corp-cloud').properties).toMatchObject({ owner: 'Platform team', description: 'Our AWS account' });
    expect(element('llm_api_v1').boundary).toBe('model-vendor');
    expect(element('secrets').boundary).toBe('vault-zone');
  });

  it('flattens a component inside a component into that component\'s trust zone, with a comment', () => {
    expect(element('session-cache').boundary).toBe('corp-cloud');
    expect(text).toContain('// OTM puts this component inside component "Zoë\'s \\"smart\\" gateway ✨" ("gateway")');
  });

  it('keeps names with quotes, tabs, line breaks and non-ASCII exactly', () => {
    expect(model.system!.name).toBe('Chatbot "Aurora" — Zoë\'s support platform');
    expect(model.system!.properties).toMatchObject({ owner: 'Zoë Lefèvre', description: otm.project.description });
    expect(element('gateway').label).toBe('Zoë\'s "smart" gateway ✨');
    expect(element('gateway').properties.description).toBe('Terminates TLS and checks the session cookie.\tRate-limits per user.');
    expect(model.flows.find((f) => f.id === 'orch-llm')!.label).toBe('Prompt → completion');
    expect(text).toContain('// OTM owner contact: "zoe@example.com"');
  });

  it('maps dataflows to flows: bidirectional, assets, protocols from tags, names from ids', () => {
    const flows = Object.fromEntries(model.flows.map((f) => [f.id, [f.source, f.target, f.bidirectional, f.carries, f.properties.protocol]]));
    expect(flows).toEqual({
      chat_over_https: ['browser', 'gateway', true, ['prompts'], 'https'],
      'gw-to-orch': ['gateway', 'orchestrator', false, ['prompts'], 'grpc'],
      'orch-llm': ['orchestrator', 'llm_api_v1', true, ['prompts', 'customer_pii'], 'https'],
      'orch-index': ['orchestrator', 'vector-index', false, ['help-articles'], undefined],
      'orch-db': ['orchestrator', 'data_tier', false, ['customer_pii'], 'sql'],
      review: ['reviewer', 'orchestrator', true, [], undefined],
      'index-load': ['indexer', 'vector-index', false, ['help-articles'], undefined],
      'db-secrets': ['data_tier', 'secrets', false, [], undefined],
    });
    expect(model.flows.find((f) => f.id === 'gw-to-orch')!.label).toBeUndefined();
    expect(text).toContain('// OTM tags: "websocket-upgrade"');
  });

  it('maps assets to data, classification from confidentiality', () => {
    expect(Object.fromEntries(model.data.map((d) => [d.id, d.properties.classification]))).toEqual({
      customer_pii: 'restricted',
      prompts: 'confidential',
      'help-articles': 'public',
      'audit-trail': 'internal',
    });
  });

  it('turns threat instances into dispositions where aitm knows and raises the threat, and comments the rest', () => {
    expect(model.dispositions.map((d) => [d.kind, d.threat, d.target.id, d.properties])).toEqual([
      [
        'mitigate',
        'prompt-injection.direct',
        'orchestrator',
        {
          by: 'Imported from OTM: the threat instance is "Mitigated"; mitigations: Input guardrail (implemented), Rate limiting (implemented).',
          controls: ['rate_limiting'],
        },
      ],
      ['mitigate', 'jailbreak.safety-bypass', 'llm_api_v1', { by: 'Imported from OTM: the threat instance is "partly-mitigated"; mitigations: Input guardrail (required).', status: 'in_progress' }],
      ['dismiss', 'monitoring.missing-inference-logging', 'llm_api_v1', { reason: 'Imported from OTM: the threat instance is "not applicable".' }],
    ]);
    expect(text).toContain('// OTM threat "Credential stuffing" ("a1b2c3d4-0000-4000-8000-000000000001") on gateway is "exposed": aitm\'s catalog has no threat with this id.');
    expect(text).toContain('on orch-llm is "mitigated", mitigations: "TLS with certificate pinning" (implemented): aitm\'s catalog has no threat with this id.');
    expect(text).toContain('// OTM threat "RAG poisoning" ("rag-poisoning.vector-store") on vector-index is "mitigated": aitm\'s catalog does not raise this threat there.');
    expect(text).toContain('is "Accepted": to accept it in aitm, write `accept system-prompt-leakage on orchestrator` with a reason, an owner and an expiry date.');
    // The dispositions take effect, and none is reported as matching nothing.
    const analysis = analyze(model, { catalog, asOf });
    expect(analysis.diagnostics.map(show)).toEqual([]);
    const status = (threat: string) => analysis.findings.find((f) => f.threat === threat)?.status;
    expect([status('prompt-injection.direct'), status('jailbreak.safety-bypass'), status('monitoring.missing-inference-logging')]).toEqual(['mitigated', 'planned', 'dismissed']);
  });

  it('writes a system with the project owner, and asks for one when OTM has none', () => {
    expect(text).toMatch(/^\/\/ Imported by aitm from an Open Threat Model document \(OTM 0\.2\.0\)/);
    const none = JSON.parse(json) as OtmDocument;
    delete none.project.owner;
    const back = imported(JSON.stringify(none));
    expect(back.parsed.model.system!.properties.owner).toBe('unknown');
    expect(back.text).toContain('// OTM names no project owner: replace "unknown" with the team or person accountable for the system.\n');
  });

  it('imports its own export again stably: the same model, and from then on the same text', () => {
    const again = imported(exportModel(model));
    expect(normalize(again.parsed.model)).toEqual(normalize(model));
    const third = imported(exportModel(again.parsed.model));
    expect(third.text).toBe(again.text);
  });

  it('reads the same without the schema (aitm\'s own structural checks)', () => {
    expect(fromOtm(json, {}).text).toBe(text);
  });

  it('is deterministic', () => {
    expect(fromOtm(json, withSchema).text).toBe(text);
  });
});

describe('OTM import: the OTM project\'s own example', () => {
  skipAllIf(sharedAbsent(examplePath));
  it('imports, with a comment for each type and each unknown threat', () => {
    const back = imported(fs.readFileSync(examplePath, 'utf8'));
    expect(back.parsed.diagnostics.map((d) => d.code)).toEqual(['AITM501']);
    expect(back.parsed.model.elements.map((e) => [e.id, e.kind, e.boundary])).toEqual([
      ['web-client', 'actor', 'internet'],
      ['web-service', 'service', 'private'],
      ['customer-database', 'store', 'private'],
      ['class-customerdatabase', 'service', 'private'],
    ]);
    expect(back.parsed.model.flows.map((f) => [f.id, f.bidirectional])).toEqual([
      ['webclient-to-webservice', true],
      ['cc-store-in-db', true],
    ]);
  });
});

// ---- pieces ------------------------------------------------------------------------------------

describe('OTM import: ids', () => {
  const doc = (zones: { id: string; name: string }[], components: { id: string; name: string }[]) =>
    JSON.stringify({
      otmVersion: '0.2.0',
      project: { name: 'P', id: 'p', owner: 'o' },
      trustZones: zones.map((z) => ({ ...z, risk: { trustRating: 75 } })),
      components: components.map((c) => ({ id: c.id, name: c.name, type: 'aitm-service', parent: { trustZone: zones[0]!.id } })),
      dataflows: [],
    });

  it('keeps valid ids, sanitises the others, and numbers clashes', () => {
    const back = imported(
      doc(
        [
          { id: 'web', name: 'Web zone' },
          { id: '9f0c3a1e-0000-4000-8000-00000000abcd', name: 'Zoë\'s Zone!' },
        ],
        [
          { id: 'web', name: 'Web' },
          { id: 'api v2', name: 'API' },
          { id: 'api_v2', name: 'API two' },
          { id: '42', name: 'The answer' },
          { id: 'a--b-', name: 'ab' },
          { id: 'true', name: 'Truth' },
          { id: 'x.y', name: 'Dotted' },
          { id: '---', name: '!!!' },
        ],
      ),
    );
    expect(back.parsed.model.boundaries.map((b) => b.id)).toEqual(['web', 'zoes_zone']);
    expect(back.parsed.model.elements.map((e) => [e.id, e.label])).toEqual([
      ['web_2', 'Web'],
      ['api_v2_2', 'API'],
      ['api_v2', 'API two'],
      ['the_answer', 'The answer'],
      ['a-b', 'ab'],
      ['true_', 'Truth'],
      ['x_y', 'Dotted'],
      ['service', '!!!'],
    ]);
  });
});

describe('OTM import: what the fuzz campaign found', () => {
  it('writes an empty nested boundary with its block (it was left without one, and did not parse)', () => {
    const original = parse('system "S" { owner: "o" }\nboundary outer { trust: external\n  boundary inner "Inner" {\n  }\n}\n', { file: 'm.aitm' });
    const back = imported(exportModel(original.model, original.sources));
    expect(back.parsed.model.boundaries.map((b) => [b.id, b.parent, b.trust])).toEqual([
      ['outer', undefined, 'external'],
      ['inner', 'outer', 'external'],
    ]);
  });

  it('makes an id without two separators in a row from one full of them (`pipe--x` did not lex)', () => {
    const doc = { otmVersion: '0.2.0', project: { name: 'P', id: 'p', owner: 'o' }, assets: [{ id: '--> |pipe| -.- ==> x', name: 'A', risk: { confidentiality: 50, integrity: 50, availability: 50 } }] };
    expect(imported(JSON.stringify(doc)).parsed.model.data.map((d) => d.id)).toEqual(['pipe-x']);
  });

  it('leaves out a name or number longer than a token may be, with a comment (it was written whole, and did not lex)', () => {
    const long = 'h'.repeat(limits.maxTokenLength + 1);
    const doc = {
      otmVersion: '0.2.0',
      project: { name: 'P', id: 'p', owner: 'o' },
      trustZones: [{ id: 'z', name: 'Z', risk: { trustRating: 75 } }],
      components: [{ id: 'c', name: 'C', type: 'aitm-service', parent: { trustZone: 'z' }, tags: [long], attributes: { controls: long } }],
      dataflows: [],
    };
    const back = imported(JSON.stringify(doc));
    expect(back.parsed.model.elements[0]!.properties).toEqual({ tags: [long.slice(0, 64)] });
    expect(back.text).toContain('// OTM attributes not imported: "controls" = "hhh');
  });
});

describe('OTM import: kinds from other tools\' types', () => {
  it.each([
    ['aitm-tool', 'tool', 'aitm'],
    ['web-client', 'actor', 'keyword'],
    ['web-service', 'service', 'keyword'],
    ['api', 'api', 'keyword'],
    ['api-gateway', 'service', 'keyword'],
    ['database', 'store', 'keyword'],
    ['customer-database', 'store', 'keyword'],
    ['S3Bucket', 'store', 'keyword'],
    ['storage', 'store', 'keyword'],
    ['llm', 'model', 'keyword'],
    ['ml-model', 'model', 'keyword'],
    ['user', 'actor', 'keyword'],
    ['browser', 'actor', 'keyword'],
    ['message-queue', 'service', 'keyword'],
    ['webclient', 'actor', 'keyword'],
    ['postgresdb', 'store', 'keyword'],
    ['langchain_agent', 'agent', 'keyword'],
    ['training-pipeline', 'pipeline', 'keyword'],
    ['code-class', 'service', 'default'],
    ['', 'service', 'default'],
    ['email-service', 'service', 'keyword'],
  ] as const)('%s → %s (%s)', (type, kind, how) => {
    const guess = guessKind(type);
    expect([guess.kind, guess.how]).toEqual([kind, how]);
  });

  it('implies only `type` values that the kind has', () => {
    for (const [word, [kind, type]] of Object.entries(typeKeywords)) {
      if (type === undefined) continue;
      const spec = (elementProperties[kind as ElementKind] as PropertyTable).type;
      expect(spec?.type === 'enum' && spec.values.includes(type), `${word}: ${kind} { type: ${type} }`).toBe(true);
    }
  });

  it('documents every word in docs/interop.md, with its kind', () => {
    const docs = fs.readFileSync('docs/interop.md', 'utf8');
    const rows = [...docs.matchAll(/^\| (`[^|]+) \| (\w+)(?: \(|\s*\|)/gm)].map((m) => ({ words: m[1]!, kind: m[2]! }));
    for (const [word, [kind]] of Object.entries(typeKeywords)) {
      const row = rows.find((r) => r.words.split(/[,;]\s*/).some((w) => w.trim() === `\`${word}\``));
      expect(row?.kind, word).toBe(kind);
    }
  });

  it('reads ratings back to the nearest level, ties to the cautious side', () => {
    expect([0, 12, 13, 37.5, 50, 62.5, 90, 100, 250, -5].map(trustLevelFor)).toEqual([
      'untrusted',
      'untrusted',
      'external',
      'external',
      'partner',
      'partner',
      'restricted',
      'restricted',
      'restricted',
      'untrusted',
    ]);
    expect([0, 16, 17, 50, 83, 84, 100].map(classificationFor)).toEqual(['public', 'public', 'internal', 'confidential', 'confidential', 'restricted', 'restricted']);
  });
});

// ---- bad documents -------------------------------------------------------------------------------

interface BadCase {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  readonly message: string | RegExp;
  /** Line and column of the primary span. */
  readonly at?: readonly [number, number];
}

const bad: BadCase[] = [
  { name: 'an empty file', text: '', code: 'AITM800', message: 'invalid JSON: the file is empty', at: [1, 1] },
  { name: 'a missing comma', text: '{\n  "otmVersion": "0.2.0"\n  "project": {}\n}\n', code: 'AITM800', message: 'invalid JSON: comma expected', at: [3, 3] },
  { name: 'YAML', text: 'otmVersion: 0.2.0\nproject:\n  name: P\n', code: 'AITM800', message: /^invalid JSON: /, at: [1, 1] },
  { name: 'a trailing comma', text: '{ "otmVersion": "0.2.0", }', code: 'AITM800', message: /^invalid JSON: /, at: [1, 26] },
  { name: 'a comment', text: '// OTM\n{}', code: 'AITM800', message: /^invalid JSON: /, at: [1, 1] },
  { name: 'a no-break space between tokens', text: '{\n  "otmVersion":\u00a0"0.2.0"\n}', code: 'AITM800', message: 'invalid JSON: invalid symbol', at: [2, 16] },
  { name: 'an array', text: '[]', code: 'AITM801', message: '$: must be an object', at: [1, 1] },
  { name: 'no project', text: '{ "otmVersion": "0.2.0" }', code: 'AITM801', message: '$: missing field `project`', at: [1, 1] },
  { name: 'a project without an id', text: variant((d) => delete d.project.id), code: 'AITM801', message: '$.project: missing field `id`', at: [3, 14] },
  { name: 'trust zones not a list', text: variant((d) => (d.trustZones = {})), code: 'AITM801', message: '$.trustZones: must be an array', at: [18, 17] },
  {
    name: 'a component with two parents',
    text: variant((d) => (d.components[0].parent = { trustZone: 'net', component: 'db' })),
    code: 'AITM801',
    message: '$.components[0].parent: must have exactly one of `trustZone` or `component`',
    at: [32, 17],
  },
  { name: 'a rating that is text', text: variant((d) => (d.trustZones[0].risk.trustRating = 'high')), code: 'AITM801', message: '$.trustZones[0].risk.trustRating: must be a number', at: [23, 24] },
  {
    name: 'a dataflow to an unknown component',
    text: variant((d) => (d.dataflows[0].destination = 'cache')),
    code: 'AITM802',
    message: '$.dataflows[0].destination: no component has the id `cache`',
    at: [50, 22],
  },
  {
    name: 'a dataflow to a trust zone',
    text: variant((d) => (d.dataflows[0].source = 'net')),
    code: 'AITM802',
    message: '$.dataflows[0].source: no component has the id `net`',
  },
  { name: 'an unknown parent zone', text: variant((d) => (d.components[1].parent = { trustZone: 'dmz' })), code: 'AITM802', message: '$.components[1].parent.trustZone: no trust zone has the id `dmz`' },
  { name: 'an unknown asset', text: variant((d) => (d.dataflows[0].assets = ['pii', 'card'])), code: 'AITM802', message: '$.dataflows[0].assets[1]: no asset has the id `card`' },
  {
    name: 'an unknown threat',
    text: variant((d) => (d.components[0].threats = [{ threat: 'x', state: 'exposed' }])),
    code: 'AITM802',
    message: '$.components[0].threats[0].threat: no threat has the id `x`',
  },
  {
    name: 'an unknown mitigation',
    text: variant((d) => (d.components[0].threats = [{ threat: 't', state: 'exposed', mitigations: [{ mitigation: 'y', state: 'implemented' }] }])),
    code: 'AITM802',
    message: '$.components[0].threats[0].mitigations[0].mitigation: no mitigation has the id `y`',
  },
  {
    name: 'components inside each other',
    text: variant((d) => {
      d.components[0].parent = { component: 'db' };
      d.components[1].parent = { component: 'web' };
    }),
    code: 'AITM802',
    message: '$.components[0].parent: the parents of `web` lead back to it',
  },
  { name: 'two components with one id', text: variant((d) => (d.components[1].id = 'web')), code: 'AITM803', message: 'component id `web` is used more than once', at: [37, 13] },
  { name: 'two assets with one id', text: variant((d) => d.assets.push({ ...d.assets[0] })), code: 'AITM803', message: 'asset id `pii` is used more than once' },
];

describe('OTM import: bad documents give diagnostics, never exceptions', () => {
  describe.each(bad.map((c) => [c.name, c] as const))('%s', (_, c) => {
    for (const [mode, options] of [
      ['aitm\'s checks', {}],
      ['the OTM schema', schema ? { schema } : undefined],
    ] as const) {
      it(`with ${mode}`, (context) => {
        skipIf(context, options === undefined ? schemaAbsent : undefined);
        let result: ReturnType<typeof fromOtm> | undefined;
        expect(() => (result = fromOtm(c.text, { file: 'bad.otm.json', ...options }))).not.toThrow();
        expect(result!.text).toBeUndefined();
        const first = result!.diagnostics[0]!;
        expect(result!.diagnostics.map((d) => d.code)).toContain(c.code);
        expect(first.code).toBe(c.code);
        if (typeof c.message === 'string') expect(first.message).toBe(c.message);
        else expect(first.message).toMatch(c.message);
        expect(first.span?.file).toBe('bad.otm.json');
        if (c.at) expect([first.span!.line, first.span!.column]).toEqual(c.at);
      });
    }
  });

  it('points a duplicate id at the first one too', () => {
    const d = fromOtm(variant((doc) => (doc.components[1].id = 'web')), { file: 'bad.otm.json' }).diagnostics[0]!;
    expect(d.related?.map((r) => [r.span.line, r.message])).toEqual([[29, 'first used here']]);
  });

  it('suggests what a dataflow to a trust zone should be', () => {
    expect(fromOtm(variant((d) => (d.dataflows[0].source = 'net'))).diagnostics[0]!.help).toBe('`net` is a trust zone; a dataflow joins two components');
  });

  it('reads the valid document of this table', () => {
    imported(JSON.stringify(validOtm));
  });

  it('never throws, whatever the JSON (property test)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = fromOtm(JSON.stringify(value));
        expect(result.text === undefined).toBe(result.diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, and yields a model that parses, for any field of a valid document replaced (property test)', () => {
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    const base = JSON.parse(fixture('other-tool.otm.json')) as unknown;
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue({ maxDepth: 2 }), (path, replacement) => {
        const doc = structuredClone(base) as Record<string, unknown>;
        let at: any = doc;
        for (const p of path.slice(0, -1)) at = at[p];
        at[path.at(-1)!] = replacement;
        const result = fromOtm(JSON.stringify(doc), withSchema);
        if (result.text !== undefined) expect(parse(result.text).diagnostics.filter((d) => d.severity === 'error').map(show)).toEqual([]);
        else expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
