import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import type { DataAsset, DatasetElement, Element, Flow, ModelElement, SystemModel } from '../semantics/model.js';
import { flowsByElement } from '../semantics/flows-by-element.js';
import type { TrustLevel } from '../semantics/vocabulary.js';
import { addTo, byId } from '../util/maps.js';
import { version } from '../version.js';
import { parseArtifactEntry } from '../verify/verify.js';

/**
 * A CycloneDX 1.6 AI-BOM of a model: its ML models (with model cards) and datasets as components,
 * the outside providers it calls as services, and the `.aitm` file as the threat model. Pure: the
 * same input gives the same BOM, byte for byte. docs/interop.md describes every mapping.
 */

export interface CycloneDxInput {
  readonly model: SystemModel;
  /** With an analysis, each model's open findings become `modelCard.considerations.technicalLimitations`. */
  readonly analysis?: AnalysisResult;
  /** The entry `.aitm` file, as it should be referred to: a relative path becomes a relative URL, an absolute one a `file:` URL. */
  readonly modelFile: string;
  /** `urn:uuid:…`. Default: a UUID v5 of the BOM's content (see `defaultSerialNumber`). */
  readonly serialNumber?: string;
  /** ISO 8601 date-time for `metadata.timestamp`. Default: none (the spec makes it optional). */
  readonly timestamp?: string;
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };
export type CycloneDxBom = { readonly [key: string]: Json | undefined };

/** A CycloneDX property (a type, not an interface, so that it is assignable to `Json`). */
type Property = { readonly name: string; readonly value: string };

const specVersion = '1.6';
const systemRef = 'system';
const outsideTrust: readonly TrustLevel[] = ['untrusted', 'external', 'partner'];

/** Model types as CycloneDX `modelParameters.task` (Hugging Face task names where one fits). */
const tasks: Readonly<Record<string, string>> = {
  llm: 'text-generation',
  classifier: 'classification',
  regressor: 'regression',
  embedding: 'feature-extraction',
  vision: 'computer-vision',
  speech: 'speech-processing',
  image_generation: 'image-generation',
  recommender: 'recommendation',
  detector: 'detection',
  multimodal: 'multimodal',
};

/** Build the BOM. The object is plain JSON: `JSON.stringify` it, or use `toCycloneDxJson`. */
export function toCycloneDx(input: CycloneDxInput): CycloneDxBom {
  const { model } = input;
  const elements = byId(model.elements, (e) => e);
  const boundaries = new Map(model.boundaries.map((b) => [b.id, b]));
  const data = new Map(model.data.map((d) => [d.id, d]));
  const entryDir = path.dirname(model.files[0] ?? input.modelFile);
  const trustOf = (e: Element): TrustLevel | undefined => (e.boundary === undefined ? undefined : boundaries.get(e.boundary)?.trust);
  const isOutside = (e: Element) => {
    const trust = trustOf(e);
    return trust !== undefined && outsideTrust.includes(trust);
  };
  const touching = flowsByElement(model.flows);
  const openFindingsOn = new Map<string, Finding[]>();
  for (const f of input.analysis?.findings ?? []) if (f.status === 'open' && f.target.type === 'element') addTo(openFindingsOn, f.target.id, f);

  const models = model.elements.filter((e): e is ModelElement => e.kind === 'model');
  const datasets = model.elements.filter((e): e is DatasetElement => e.kind === 'dataset');
  const services = model.elements.filter(
    (e) =>
      (e.kind === 'model' && e.properties.hosting === 'external_api') ||
      (e.kind !== 'actor' &&
        isOutside(e) &&
        touching(e.id).some((f) => {
          const other = elements.get(f.source === e.id ? f.target : f.source);
          return other !== undefined && !isOutside(other) && (f.target === e.id || f.bidirectional);
        })),
  );

  const components = model.elements.flatMap((e): Json[] => {
    if (e.kind === 'model') return [modelComponent(e)];
    if (e.kind === 'dataset') return [datasetComponent(e)];
    return [];
  });

  const dependencies: Json[] = [];
  const used = [...models.map((m) => ref(m)), ...datasets.map((d) => ref(d)), ...services.map(serviceRef)];
  if (used.length > 0) dependencies.push({ ref: systemRef, dependsOn: used });
  for (const m of models) {
    const base = m.properties.base;
    if (base !== undefined && elements.has(base)) dependencies.push({ ref: ref(m), dependsOn: [`model:${base}`] });
  }

  const content = {
    metadata: metadata(),
    components,
    services: nonEmpty(services.map(service)),
    dependencies: nonEmpty(dependencies),
  };
  const serialNumber = input.serialNumber ?? defaultSerialNumber(compact(content));
  return compact({
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion,
    serialNumber,
    version: 1,
    ...content,
  }) as CycloneDxBom;

  // ---- metadata ---------------------------------------------------------------------------------

  function metadata(): Json {
    const system = model.system;
    const properties: Property[] = [];
    if (system?.properties.owner) properties.push({ name: 'aitm:owner', value: system.properties.owner });
    for (const practice of system?.properties.practices ?? []) properties.push({ name: 'aitm:practice', value: practice });
    if (input.analysis) {
      const { analysis } = input;
      properties.push({ name: 'aitm:catalog-version', value: analysis.catalog.version });
      for (const status of ['open', 'planned', 'mitigated', 'accepted', 'dismissed'] as const) {
        properties.push({ name: `aitm:findings:${status}`, value: String(analysis.summary[status]) });
      }
    }
    return {
      timestamp: input.timestamp,
      lifecycles: [{ phase: 'design' }],
      tools: { components: [{ type: 'application', name: 'aitm', version, description: 'Threat modeling for AI systems' }] },
      component: {
        type: 'application',
        'bom-ref': systemRef,
        name: system?.name || path.basename(input.modelFile, '.aitm'),
        version: system?.properties.version,
        description: system?.properties.description,
        externalReferences: [{ type: 'threat-model', url: fileReference(input.modelFile), comment: 'aitm threat model (.aitm) this BOM was exported from' }],
        properties: nonEmpty(properties),
      },
    };
  }

  // ---- components -------------------------------------------------------------------------------

  function modelComponent(m: ModelElement): Json {
    const p = m.properties;
    const datasetRefs = unique([...(p.trained_on ?? []), ...(p.fine_tuned_on ?? [])]).filter((id) => elements.get(id)?.kind === 'dataset');
    const io = inputsAndOutputs(m);
    const modelParameters = {
      task: p.type === undefined ? undefined : tasks[p.type],
      datasets: nonEmpty(datasetRefs.map((id) => ({ ref: `dataset:${id}` }))),
      inputs: nonEmpty(io.inputs.map((format) => ({ format }))),
      outputs: nonEmpty(io.outputs.map((format) => ({ format }))),
    };
    const limitations = technicalLimitations(m);
    const properties: Property[] = [
      ...common(m),
      ...optional('aitm:hosting', p.hosting),
      ...optional('aitm:weights', p.weights),
      ...optional('aitm:format', p.format),
      ...(p.decides ?? []).map((value) => ({ name: 'aitm:decides', value })),
      ...optional('aitm:base', p.base === undefined ? undefined : `model:${p.base}`),
      ...artifactProperties(m),
    ];
    return {
      type: 'machine-learning-model',
      'bom-ref': ref(m),
      supplier: p.provider ? { name: p.provider } : undefined,
      name: m.label,
      description: p.description,
      hashes: hashes(m),
      // Always present, if empty: the spec says a machine-learning-model SHOULD have a model card.
      modelCard: {
        modelParameters: isEmpty(modelParameters) ? undefined : modelParameters,
        considerations: limitations.length > 0 ? { technicalLimitations: limitations } : undefined,
      },
      properties: nonEmpty(properties),
    };
  }

  function datasetComponent(d: DatasetElement): Json {
    const p = d.properties;
    const contained = (p.contains ?? []).flatMap((id) => (data.has(id) ? [data.get(id)!] : []));
    const sensitive = contained.filter((a) => a.properties.pii).map((a) => `${a.label}: personal data`);
    if (p.pii && sensitive.length === 0) sensitive.push('personal data');
    const contents: Property[] = [
      ...(p.purpose ?? []).map((value) => ({ name: 'aitm:purpose', value })),
      ...(p.source ?? []).map((value) => ({ name: 'aitm:source', value })),
      ...optional('aitm:labeling', p.labeling),
      ...optional('aitm:provenance', p.provenance),
    ];
    return {
      type: 'data',
      'bom-ref': ref(d),
      name: d.label,
      description: p.description,
      hashes: hashes(d),
      licenses: p.license ? [{ license: { name: p.license } }] : undefined,
      data: [
        {
          type: 'dataset',
          name: d.label,
          contents: contents.length > 0 ? { properties: contents } : undefined,
          classification: p.classification,
          sensitiveData: nonEmpty(sensitive),
          governance: p.owner ? { owners: [{ organization: { name: p.owner } }] } : undefined,
        },
        ...contained.map((asset) => dataEntry(asset)),
      ],
      properties: nonEmpty([...common(d), ...artifactProperties(d)]),
    };
  }

  /** A data asset found in a dataset, as one more `data` entry of it. */
  function dataEntry(asset: DataAsset): Json {
    return {
      type: 'dataset',
      name: asset.label,
      classification: asset.properties.classification,
      sensitiveData: asset.properties.pii ? ['personal data'] : undefined,
      contents: asset.properties.kind ? { properties: [{ name: 'aitm:data-kind', value: asset.properties.kind }] } : undefined,
    };
  }

  /**
   * What a model takes and gives, from its flows: the data assets carried to it are inputs, and
   * what it returns (`returns`, or else the model output carried on its flows) are outputs. A flow
   * is drawn in the direction of the request, and often carries the response too: model output is
   * an output whichever way it is drawn. Credentials and weights are neither.
   */
  function inputsAndOutputs(m: ModelElement): { inputs: string[]; outputs: string[] } {
    const inputs: string[] = [];
    const carriedOut: string[] = [];
    for (const f of touching(m.id)) {
      for (const id of f.carries) {
        const asset = data.get(id);
        const kind = asset?.properties.kind;
        if (!asset || kind === 'credentials' || kind === 'model_weights') continue;
        if (kind === 'model_output' || (f.source === m.id && !f.bidirectional)) carriedOut.push(asset.label);
        else inputs.push(asset.label);
      }
    }
    const returns = m.properties.returns ?? [];
    return { inputs: unique(inputs), outputs: unique(returns.length > 0 ? [...returns] : carriedOut) };
  }

  function technicalLimitations(m: ModelElement): string[] {
    return (openFindingsOn.get(m.id) ?? []).map((f) => {
      const missing = f.missingMitigations.map((x) => x.controls.join(' + ')).filter(Boolean);
      return `Open threat ${f.threat} (${f.severity}): ${f.title}.${missing.length > 0 ? ` Missing controls: ${missing.join(', or ')}.` : ''}`;
    });
  }

  // ---- services ---------------------------------------------------------------------------------

  function service(e: Element): Json {
    const flows = touching(e.id);
    const boundary = e.boundary === undefined ? undefined : boundaries.get(e.boundary);
    const inbound = flows.filter((f) => f.target === e.id || f.bidirectional);
    let authenticated: boolean | undefined;
    const auth = 'auth' in e.properties ? e.properties.auth : undefined;
    if (auth !== undefined) authenticated = auth !== 'none';
    else if (inbound.some((f) => f.properties.authenticated === false)) authenticated = false;
    else if (inbound.length > 0 && inbound.every((f) => f.properties.authenticated === true)) authenticated = true;
    const crosses = flows.some((f) => elements.get(f.source === e.id ? f.target : f.source)?.boundary !== e.boundary);
    const provider = e.kind === 'model' ? e.properties.provider : undefined;
    return {
      'bom-ref': serviceRef(e),
      provider: provider ? { name: provider } : undefined,
      name: e.label,
      description: e.properties.description,
      authenticated,
      'x-trust-boundary': crosses,
      trustZone: boundary?.label,
      data: nonEmpty(serviceData(e, flows)),
      properties: nonEmpty([...common(e), ...optional('aitm:kind', e.kind), ...(e.kind === 'model' ? [{ name: 'aitm:component', value: ref(e) }] : [])]),
    };
  }

  /** What moves to and from a service, by data asset and direction (relative to the service). */
  function serviceData(e: Element, flows: readonly Flow[]): Json[] {
    const seen = new Set<string>();
    const out: Json[] = [];
    for (const f of flows) {
      for (const id of f.carries) {
        const asset = data.get(id);
        if (!asset) continue;
        const direction = f.bidirectional ? 'bi-directional' : f.target === e.id ? towardsService(e, asset) : 'outbound';
        const key = `${direction} ${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ flow: direction, classification: asset.properties.classification ?? 'unspecified', name: asset.label });
      }
    }
    return out;
  }

  /**
   * Which way an asset moves on a flow drawn towards the service. A flow points the way the request
   * goes, and its data may move either way: what the service answers with is outbound. That is a
   * model's output, what the service holds (a hub's weights), and, for any other service, content
   * someone outside controls (`origin: untrusted`: a fetched page, a ticket). The rest is inbound.
   */
  function towardsService(e: Element, asset: DataAsset): 'inbound' | 'outbound' {
    if (e.kind === 'model') return asset.properties.kind === 'model_output' ? 'outbound' : 'inbound';
    const holds = e.kind === 'store' ? (e.properties.holds ?? []) : [];
    if (holds.includes(asset.id) || asset.properties.origin === 'untrusted') return 'outbound';
    return 'inbound';
  }

  // ---- shared -----------------------------------------------------------------------------------

  function common(e: Element): Property[] {
    const boundary = e.boundary === undefined ? undefined : boundaries.get(e.boundary);
    return [
      { name: 'aitm:id', value: e.id },
      ...optional('aitm:boundary', boundary?.id),
      ...optional('aitm:trust', boundary?.trust),
      ...optional('aitm:owner', e.properties.owner),
    ];
  }

  function hashes(e: ModelElement | DatasetElement): Json[] | undefined {
    return nonEmpty(artifacts(e).map((a) => ({ alg: 'SHA-256', content: a.sha256 })));
  }

  /** Each artifact as `<digest>  <path>`, the path made relative to the entry file's directory. */
  function artifactProperties(e: ModelElement | DatasetElement): Property[] {
    return artifacts(e).map((a) => ({ name: 'aitm:artifact', value: `${a.sha256}  ${a.path}` }));
  }

  function artifacts(e: ModelElement | DatasetElement): { sha256: string; path: string }[] {
    const declaredIn = path.dirname(e.propertySpans['artifacts']?.file ?? model.files[0] ?? '.');
    return (e.properties.artifacts ?? []).flatMap((entry) => {
      const parsed = parseArtifactEntry(entry);
      if (!parsed) return [];
      const relative = path.relative(entryDir, path.join(declaredIn, parsed.path)).split(path.sep).join('/');
      return [{ sha256: parsed.sha256, path: relative }];
    });
  }
}

/** Like `toCycloneDx`, as the JSON text to write to a file (two-space indent, final newline). */
export function toCycloneDxJson(input: CycloneDxInput): string {
  return JSON.stringify(toCycloneDx(input), null, 2) + '\n';
}

/**
 * The default serial number: a name-based UUID (version 5, RFC 9562) of the BOM's content, so that
 * the same model exported by the same aitm version gets the same serial number, and any change to
 * what the BOM says gets a new one. CycloneDX asks for a fresh serial number per generated BOM
 * even when nothing changed; pass `serialNumber` (e.g. `urn:uuid:${crypto.randomUUID()}`) for that.
 */
export function defaultSerialNumber(content: unknown): string {
  return `urn:uuid:${uuidV5(JSON.stringify(content), namespace)}`;
}

/**
 * aitm's namespace for BOM serial numbers: the UUID v5 of `https://aitm.dev/cyclonedx` in the
 * RFC 9562 URL namespace (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
 */
const namespace = 'd5d0e6ef-f56f-575f-8921-63db2ab8d7db';

/** A name-based UUID, version 5 (SHA-1), as RFC 9562 defines it. Exported for tests. */
export function uuidV5(name: string, ns: string): string {
  const bytes = createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A relative path as a relative URL reference (each segment percent-encoded), an absolute one as a `file:` URL. */
function fileReference(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function ref(e: Element): string {
  return `${e.kind}:${e.id}`;
}

function serviceRef(e: Element): string {
  return `service:${e.id}`;
}

function optional(name: string, value: string | undefined): Property[] {
  return value === undefined || value === '' ? [] : [{ name, value }];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length > 0 ? [...items] : undefined;
}

function isEmpty(value: Record<string, unknown>): boolean {
  return Object.values(value).every((v) => v === undefined);
}

/** The value without its `undefined` fields, keys in order. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = compact(item);
  return out;
}
