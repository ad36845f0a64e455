import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { defaultSerialNumber, toCycloneDx, toCycloneDxJson, uuidV5, type CycloneDxBom } from '../../src/interop/cyclonedx.js';
import { load } from '../../src/node/load.js';
import type { SystemModel } from '../../src/semantics/model.js';
import { version } from '../../src/version.js';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
const serialNumber = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
const timestamp = '2026-11-27T12:00:00Z';
const asOf = '2026-11-27';

/** The parts of the BOM the assertions look at, loosely typed. */
interface Component {
  type: string;
  'bom-ref': string;
  name: string;
  supplier?: { name: string };
  hashes?: { alg: string; content: string }[];
  licenses?: unknown[];
  modelCard?: {
    modelParameters?: { task?: string; datasets?: { ref: string }[]; inputs?: { format: string }[]; outputs?: { format: string }[] };
    considerations?: { technicalLimitations?: string[] };
  };
  data?: { type: string; name: string; classification?: string; sensitiveData?: string[]; contents?: { properties?: Property[] }; governance?: unknown }[];
  properties?: Property[];
}
interface Property {
  name: string;
  value: string;
}
interface Service {
  'bom-ref': string;
  name: string;
  provider?: { name: string };
  trustZone?: string;
  authenticated?: boolean;
  'x-trust-boundary'?: boolean;
  endpoints?: string[];
  data?: { flow: string; classification: string; name: string }[];
  properties?: Property[];
}
interface Bom {
  $schema: string;
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    timestamp?: string;
    lifecycles: { phase: string }[];
    tools: { components: { type: string; name: string; version: string }[] };
    component: { type: string; 'bom-ref': string; name: string; version?: string; externalReferences: { type: string; url: string }[]; properties?: Property[] };
  };
  components: Component[];
  services?: Service[];
  dependencies?: { ref: string; dependsOn: string[] }[];
}

const typed = (bom: CycloneDxBom) => bom as unknown as Bom;
const component = (bom: Bom, ref: string) => bom.components.find((c) => c['bom-ref'] === ref);
const service = (bom: Bom, ref: string) => bom.services?.find((s) => s['bom-ref'] === ref);
const property = (item: { properties?: Property[] } | undefined, name: string) => item?.properties?.filter((p) => p.name === name).map((p) => p.value);

async function expectValid(bom: CycloneDxBom): Promise<void> {
  const errors = await validator.validate(JSON.stringify(bom));
  expect(errors).toBeNull();
}

/** Every bom-ref in the BOM, and every reference to one. */
function refs(bom: Bom) {
  const defined = [bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref']), ...(bom.services ?? []).map((s) => s['bom-ref'])];
  const used = [
    ...bom.components.flatMap((c) => c.modelCard?.modelParameters?.datasets?.map((d) => d.ref) ?? []),
    ...(bom.dependencies ?? []).flatMap((d) => [d.ref, ...d.dependsOn]),
  ];
  return { defined, used };
}

const examples = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm'));

describe.each(examples)('examples/%s exported to CycloneDX 1.6', (name) => {
  const file = `examples/${name}`;
  const loaded = load(file);
  const analysis = analyze(loaded.model, { asOf });

  it('is valid under the strict CycloneDX 1.6 JSON schema, with and without an analysis', async () => {
    expect(loaded.ok).toBe(true);
    await expectValid(toCycloneDx({ model: loaded.model, analysis, modelFile: file, serialNumber, timestamp }));
    await expectValid(toCycloneDx({ model: loaded.model, modelFile: file }));
  });

  it('has a unique bom-ref for each component and service, and every reference resolves', () => {
    const bom = typed(toCycloneDx({ model: loaded.model, analysis, modelFile: file }));
    const { defined, used } = refs(bom);
    expect(new Set(defined).size).toBe(defined.length);
    expect(used.filter((r) => !defined.includes(r))).toEqual([]);
  });

  it('has one machine-learning-model per model and one data component per dataset', () => {
    const bom = typed(toCycloneDx({ model: loaded.model, modelFile: file }));
    const kinds = loaded.model.elements.filter((e) => e.kind === 'model' || e.kind === 'dataset');
    expect(bom.components.map((c) => [c.type, c['bom-ref']])).toEqual(
      kinds.map((e) => [e.kind === 'model' ? 'machine-learning-model' : 'data', `${e.kind}:${e.id}`]),
    );
    for (const c of bom.components.filter((c) => c.type === 'machine-learning-model')) expect(c.modelCard, c.name).toBeDefined();
  });

  it('publishes each declared artifact digest, and it is the real digest of the file', () => {
    const bom = typed(toCycloneDx({ model: loaded.model, modelFile: file }));
    for (const c of bom.components) {
      const artifacts = property(c, 'aitm:artifact') ?? [];
      expect(c.hashes?.map((h) => `${h.alg} ${h.content}`) ?? [], c.name).toEqual(artifacts.map((a) => `SHA-256 ${a.slice(0, 64)}`));
      for (const artifact of artifacts) {
        const bytes = fs.readFileSync(path.join('examples', artifact.slice(66)));
        expect(createHash('sha256').update(bytes).digest('hex'), artifact).toBe(artifact.slice(0, 64));
      }
    }
  });
});

describe('the examples\' mappings', () => {
  const exported = (name: string) => {
    const loaded = load(`examples/${name}`);
    return typed(toCycloneDx({ model: loaded.model, analysis: analyze(loaded.model, { asOf }), modelFile: `examples/${name}`, serialNumber, timestamp }));
  };

  it('RAG assistant: the hosted LLM is a model and a service of its provider, in its trust zone, and the crawled site a service', () => {
    const bom = exported('rag-support-assistant.aitm');
    expect(component(bom, 'model:llm')).toMatchObject({ supplier: { name: 'Example AI, Inc.' }, modelCard: { modelParameters: { task: 'text-generation', outputs: [{ format: 'text' }] } } });
    expect(service(bom, 'service:llm')).toMatchObject({
      name: 'Hosted chat model',
      provider: { name: 'Example AI, Inc.' },
      trustZone: 'LLM provider',
      authenticated: true,
      'x-trust-boundary': true,
    });
    expect(service(bom, 'service:llm')?.data).toContainEqual({ flow: 'inbound', classification: 'internal', name: 'Customer message' });
    expect(service(bom, 'service:llm')?.data).toContainEqual({ flow: 'outbound', classification: 'internal', name: 'Assistant answer' });
    // The crawler fetches the articles: they come out of the site.
    expect(service(bom, 'service:help_site')).toMatchObject({ trustZone: 'Public internet', authenticated: false, data: [{ flow: 'outbound', classification: 'public', name: 'Help-centre articles' }] });
    // The customer is an actor who calls in, not a service the system calls.
    expect(bom.services?.map((s) => s['bom-ref'])).toEqual(['service:help_site', 'service:llm']);
    expect(property(service(bom, 'service:llm'), 'aitm:component')).toEqual(['model:llm']);
  });

  it('fine-tuning service: datasets by reference, the base model as a dependency, hashes from an imported file\'s example', () => {
    const bom = exported('fine-tuning-service.aitm');
    expect(component(bom, 'model:tenant_model')?.modelCard?.modelParameters).toEqual({
      task: 'text-generation',
      datasets: [{ ref: 'dataset:tenant_sets' }],
      inputs: [{ format: 'Inference prompt' }],
      outputs: [{ format: 'text' }],
    });
    expect(bom.dependencies).toContainEqual({ ref: 'model:tenant_model', dependsOn: ['model:base_model'] });
    expect(component(bom, 'model:base_model')?.hashes).toEqual([
      { alg: 'SHA-256', content: '37960dfe601d75f600b6c51df6479bec03e8bbfcb423df8a2219804852a3ad20' },
      { alg: 'SHA-256', content: '80d42af6ab4208c3f5c1900497b87fb122a47d58e675b49b2100e4db3890d712' },
    ]);
    // Services declared in the imported file, in their boundaries.
    expect(bom.services?.map((s) => [s['bom-ref'], s.trustZone, s['x-trust-boundary']])).toEqual([
      ['service:hub', 'Public model hub', true],
      ['service:idp', 'SaaS providers', true],
      ['service:mailer', 'SaaS providers', true],
    ]);
    expect(service(bom, 'service:idp')?.data).toEqual([{ flow: 'bi-directional', classification: 'restricted', name: 'SSO assertion' }]);
    expect(service(bom, 'service:hub')?.data).toEqual([{ flow: 'outbound', classification: 'public', name: 'Base model weights (public release)' }]);
  });

  it('fraud pipeline: the dataset\'s data entries, the model card\'s dataset and an open finding as a limitation', () => {
    const bom = exported('fraud-detection-pipeline.aitm');
    const dataset = component(bom, 'dataset:labelled_txns')!;
    expect(dataset.data?.[0]).toMatchObject({ type: 'dataset', name: 'Labelled transactions', classification: 'confidential', sensitiveData: ['Card transactions: personal data'] });
    expect(property(dataset.data?.[0]?.contents, 'aitm:purpose')).toEqual(['training', 'evaluation']);
    expect(dataset.data?.slice(1).map((d) => [d.name, d.classification])).toEqual([
      ['Card transactions', 'confidential'],
      ['Fraud labels', 'internal'],
    ]);
    expect(dataset.hashes).toEqual([{ alg: 'SHA-256', content: '784f4124c0f699f56bd6b66388b5343103c44746ef9f67d424d375dd214faa89' }]);
    const model = component(bom, 'model:fraud_model')!;
    expect(model.modelCard?.modelParameters).toMatchObject({ task: 'classification', datasets: [{ ref: 'dataset:labelled_txns' }], outputs: [{ format: 'label' }, { format: 'scores' }] });
    expect(model.modelCard?.considerations?.technicalLimitations?.some((t) => t.startsWith('Open threat privacy.model-inversion (medium)'))).toBe(true);
  });
});

describe('toCycloneDx', () => {
  const vendorModel = `system "Shop" { version: "2.0", owner: "shop@example.com" }

data question "Question" { classification: internal, origin: untrusted, kind: prompt }
data answer "Answer" { classification: internal, kind: model_output }
data api_key "Vendor key" { classification: restricted, kind: credentials }
data reviews "Reviews" { classification: public, pii: true, kind: personal }
data telemetry "Telemetry" { kind: telemetry }

boundary users { trust: untrusted
  actor shopper { type: human }
}
boundary vendor "Vendor cloud" { trust: external
  model gpt "Vendor LLM" { type: llm, hosting: external_api, provider: "Vendor Inc." }
  api metrics "Vendor metrics API" { auth: api_key }
  service pusher "Vendor webhook" { type: backend }
}
boundary partner "Partner" { trust: partner
  api stock "Stock API" { auth: none }
}
boundary prod "Production" { trust: internal
  service app { type: backend }
  model ranker "Ranker" {
    type: recommender
    trained_on: [clicks], fine_tuned_on: [clicks, feedback]
    artifacts: ["${'a'.repeat(64)}  weights/r.bin", "${'b'.repeat(64)}  weights/r.json"]
  }
  dataset clicks "Clicks" {
    purpose: [training], license: "CC-BY-4.0", owner: "data-team", classification: confidential, pii: true
    contains: [reviews]
    artifacts: "${'c'.repeat(64)}  data/clicks.parquet"
  }
  dataset feedback { purpose: [fine_tuning] }
}

flow shopper -> app { carries: [question, answer] }
flow app -> gpt { carries: [question, answer, api_key], authenticated: true }
flow app -> ranker { carries: [question] }
flow app -> metrics { carries: [telemetry] }
flow app -> stock { carries: [question] }
flow pusher -> app { carries: [telemetry] }
`;
  const parsed = parse(vendorModel, { file: 'models/shop.aitm' });
  const bom = () => typed(toCycloneDx({ model: parsed.model, modelFile: 'models/shop.aitm', serialNumber, timestamp }));

  it('parses cleanly (the fixture)', () => {
    expect(parsed.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it('is valid CycloneDX 1.6', async () => {
    await expectValid(toCycloneDx({ model: parsed.model, modelFile: 'models/shop.aitm', serialNumber, timestamp }));
  });

  it('(the validator is not vacuous: it rejects a BOM with a wrong component type or serial number)', async () => {
    const b = bom();
    expect(await validator.validate(JSON.stringify({ ...b, components: [{ ...b.components[0], type: 'model' }] }))).not.toBeNull();
    expect(await validator.validate(JSON.stringify({ ...b, serialNumber: 'urn:uuid:not-a-uuid' }))).not.toBeNull();
  });

  it('describes the BOM: format, injected serial number and timestamp, aitm as the tool, the design phase', () => {
    const b = bom();
    expect(b).toMatchObject({ $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json', bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber, version: 1 });
    expect(b.metadata.timestamp).toBe(timestamp);
    expect(b.metadata.lifecycles).toEqual([{ phase: 'design' }]);
    expect(b.metadata.tools.components).toEqual([{ type: 'application', name: 'aitm', version, description: 'Threat modeling for AI systems' }]);
  });

  it('makes the system the metadata component, with the .aitm file as its threat model', () => {
    const system = bom().metadata.component;
    expect(system).toMatchObject({ type: 'application', 'bom-ref': 'system', name: 'Shop', version: '2.0' });
    expect(system.externalReferences).toEqual([{ type: 'threat-model', url: 'models/shop.aitm', comment: 'aitm threat model (.aitm) this BOM was exported from' }]);
    expect(property(system, 'aitm:owner')).toEqual(['shop@example.com']);
  });

  it('refers to the .aitm file by a relative URL, percent-encoded, or by a file: URL when absolute', () => {
    const url = (modelFile: string) => typed(toCycloneDx({ model: parsed.model, modelFile })).metadata.component.externalReferences[0]!.url;
    expect(url('threat models/shop #1.aitm')).toBe('threat%20models/shop%20%231.aitm');
    expect(url(path.resolve('models/shop.aitm'))).toMatch(/^file:\/\/\/.*\/models\/shop\.aitm$/);
  });

  it('maps a model to a machine-learning-model with a model card: task, datasets, inputs, outputs', () => {
    const ranker = component(bom(), 'model:ranker')!;
    expect(ranker.type).toBe('machine-learning-model');
    expect(ranker.modelCard).toEqual({
      modelParameters: {
        task: 'recommendation',
        datasets: [{ ref: 'dataset:clicks' }, { ref: 'dataset:feedback' }],
        inputs: [{ format: 'Question' }],
      },
    });
    const gpt = component(bom(), 'model:gpt')!;
    // Credentials are not an input; model output carried on the request flow is an output.
    expect(gpt.modelCard?.modelParameters).toEqual({ task: 'text-generation', inputs: [{ format: 'Question' }], outputs: [{ format: 'Answer' }] });
    expect(gpt.supplier).toEqual({ name: 'Vendor Inc.' });
  });

  it('gives each artifact a SHA-256 hash, and keeps which file it is in a property', () => {
    const ranker = component(bom(), 'model:ranker')!;
    expect(ranker.hashes).toEqual([
      { alg: 'SHA-256', content: 'a'.repeat(64) },
      { alg: 'SHA-256', content: 'b'.repeat(64) },
    ]);
    expect(property(ranker, 'aitm:artifact')).toEqual([`${'a'.repeat(64)}  weights/r.bin`, `${'b'.repeat(64)}  weights/r.json`]);
    expect(component(bom(), 'model:gpt')?.hashes).toBeUndefined();
  });

  it('makes artifact paths from an imported file relative to the entry file', () => {
    const entry = `system "S" {}\nimport "shared/models.aitm"\n`;
    const shared = `boundary lab { trust: internal\n  dataset d { artifacts: ["${'d'.repeat(64)}  ../data/d.csv"] }\n}\n`;
    const result = parse(entry, { file: 'proj/main.aitm', files: { [path.join('proj', 'shared', 'models.aitm')]: shared } });
    expect(result.diagnostics).toEqual([]);
    const d = component(typed(toCycloneDx({ model: result.model, modelFile: 'proj/main.aitm' })), 'dataset:d');
    expect(property(d, 'aitm:artifact')).toEqual([`${'d'.repeat(64)}  data/d.csv`]);
  });

  it('maps a dataset to a data component: classification, contents, sensitive data, owner, licence, contained assets', () => {
    const clicks = component(bom(), 'dataset:clicks')!;
    expect(clicks).toMatchObject({ type: 'data', name: 'Clicks', licenses: [{ license: { name: 'CC-BY-4.0' } }], hashes: [{ alg: 'SHA-256', content: 'c'.repeat(64) }] });
    expect(clicks.data).toEqual([
      {
        type: 'dataset',
        name: 'Clicks',
        contents: { properties: [{ name: 'aitm:purpose', value: 'training' }] },
        classification: 'confidential',
        sensitiveData: ['Reviews: personal data'],
        governance: { owners: [{ organization: { name: 'data-team' } }] },
      },
      { type: 'dataset', name: 'Reviews', classification: 'public', sensitiveData: ['personal data'], contents: { properties: [{ name: 'aitm:data-kind', value: 'personal' }] } },
    ]);
  });

  it('makes services of external API models and of outside elements the system calls, and of nothing else', () => {
    const services = bom().services!;
    // Not the shopper (an actor), not the webhook (it calls in), not the internal app or ranker.
    expect(services.map((s) => s['bom-ref'])).toEqual(['service:gpt', 'service:metrics', 'service:stock']);
    expect(service(bom(), 'service:gpt')).toEqual({
      'bom-ref': 'service:gpt',
      provider: { name: 'Vendor Inc.' },
      name: 'Vendor LLM',
      authenticated: true,
      'x-trust-boundary': true,
      trustZone: 'Vendor cloud',
      data: [
        { flow: 'inbound', classification: 'internal', name: 'Question' },
        { flow: 'outbound', classification: 'internal', name: 'Answer' },
        { flow: 'inbound', classification: 'restricted', name: 'Vendor key' },
      ],
      properties: [
        { name: 'aitm:id', value: 'gpt' },
        { name: 'aitm:boundary', value: 'vendor' },
        { name: 'aitm:trust', value: 'external' },
        { name: 'aitm:kind', value: 'model' },
        { name: 'aitm:component', value: 'model:gpt' },
      ],
    });
    // `auth` decides `authenticated`; a data asset without a classification is `unspecified`.
    expect(service(bom(), 'service:metrics')).toMatchObject({ authenticated: true, trustZone: 'Vendor cloud', data: [{ flow: 'inbound', classification: 'unspecified', name: 'Telemetry' }] });
    expect(service(bom(), 'service:stock')).toMatchObject({ authenticated: false, trustZone: 'Partner', 'x-trust-boundary': true });
    expect(services.every((s) => s.endpoints === undefined)).toBe(true);
  });

  it('records what the system depends on', () => {
    expect(bom().dependencies).toEqual([
      { ref: 'system', dependsOn: ['model:gpt', 'model:ranker', 'dataset:clicks', 'dataset:feedback', 'service:gpt', 'service:metrics', 'service:stock'] },
    ]);
  });

  it('turns open findings on a model into model-card limitations, only with an analysis', () => {
    const analysis = analyze(parsed.model, { asOf });
    const open = analysis.findings.filter((f) => f.status === 'open' && f.target.id === 'gpt');
    expect(open.length).toBeGreaterThan(0);
    const withAnalysis = typed(toCycloneDx({ model: parsed.model, analysis, modelFile: 'm.aitm' }));
    const limitations = component(withAnalysis, 'model:gpt')?.modelCard?.considerations?.technicalLimitations ?? [];
    expect(limitations.map((l) => l.split(' ')[2])).toEqual(open.map((f) => f.threat));
    expect(limitations[0]).toMatch(/^Open threat [a-z.-]+ \((critical|high|medium|low)\): .+\.( Missing controls: .+\.)?$/);
    expect(property(withAnalysis.metadata.component, 'aitm:findings:open')).toEqual([String(analysis.summary.open)]);
    expect(component(bom(), 'model:gpt')?.modelCard?.considerations).toBeUndefined();
  });

  it('names the system after the file when the model has no system declaration', async () => {
    const result = parse('boundary b { trust: internal\n  model m { type: llm }\n}\n', { file: 'lonely.aitm' });
    const b = toCycloneDx({ model: result.model, modelFile: 'dir/lonely.aitm' });
    expect(typed(b).metadata.component.name).toBe('lonely');
    await expectValid(b);
  });

  it('exports an empty model validly', async () => {
    const empty: SystemModel = { system: undefined, files: [], data: [], boundaries: [], elements: [], flows: [], dispositions: [] };
    const b = toCycloneDx({ model: empty, modelFile: 'x.aitm' });
    expect(typed(b).components).toEqual([]);
    await expectValid(b);
  });
});

describe('determinism', () => {
  const text = fs.readFileSync('examples/fraud-detection-pipeline.aitm', 'utf8');
  const exportOf = (source: string, options: { timestamp?: string } = {}) =>
    toCycloneDxJson({ model: parse(source, { file: 'examples/fraud-detection-pipeline.aitm' }).model, modelFile: 'fraud.aitm', ...options });

  it('gives the same bytes for the same model, with no timestamp unless one is given', () => {
    const first = exportOf(text);
    expect(exportOf(text)).toBe(first);
    expect(first.endsWith('}\n')).toBe(true);
    expect(JSON.parse(first).metadata.timestamp).toBeUndefined();
  });

  it('derives the serial number from the content: a UUID v5, the same after reformatting, new after a change', () => {
    const serial = (JSON.parse(exportOf(text)) as Bom).serialNumber;
    expect(serial).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const reformatted = text.replace(/\n/g, '\n\n').replace(/^\/\/.*$/gm, '');
    expect((JSON.parse(exportOf(reformatted)) as Bom).serialNumber).toBe(serial);
    const changed = text.replace('"Labelled transactions"', '"Labelled card transactions"');
    expect((JSON.parse(exportOf(changed)) as Bom).serialNumber).not.toBe(serial);
    expect((JSON.parse(exportOf(text, { timestamp })) as Bom).serialNumber).not.toBe(serial);
  });

  it('computes UUID v5 as RFC 9562 does (values from Python\'s uuid.uuid5)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    // aitm's namespace is uuid5(NAMESPACE_URL, 'https://aitm.dev/cyclonedx').
    expect(uuidV5('https://aitm.dev/cyclonedx', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).toBe('d5d0e6ef-f56f-575f-8921-63db2ab8d7db');
    // The serial number of a content is the UUID v5 of its JSON text in that namespace.
    expect(defaultSerialNumber({})).toBe('urn:uuid:b4710d09-5605-55ab-b6c8-b07a6103a7b8');
  });
});
