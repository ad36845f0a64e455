import type { Catalog, Threat } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import type { Disposition, DispositionTarget, SystemModel } from '../semantics/model.js';
import { flowsByElement } from '../semantics/flows-by-element.js';
import type { Span } from '../source/span.js';
import { compareText } from '../util/compare.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionProperties,
  elementPropertyTable,
  flowProperties,
  systemProperties,
  type PropertySpec,
  type PropertyTable,
} from '../semantics/vocabulary.js';
import { version } from '../version.js';
import {
  boundaryZoneType,
  componentType,
  confidentialityRatings,
  findingStates,
  impactRatings,
  likelihoodRatings,
  mitigationStates,
  outsideZone,
  trustRatings,
  unratedAssetRisk,
} from './otm-mapping.js';
import {
  otmVersion,
  type OtmAsset,
  type OtmAttributes,
  type OtmComponent,
  type OtmDataflow,
  type OtmDocument,
  type OtmMitigation,
  type OtmRepresentationElement,
  type OtmThreat,
  type OtmThreatInstance,
  type OtmTrustZone,
} from './otm-types.js';

export interface OtmExportInput {
  readonly model: SystemModel;
  /** The analysis of `model`: each finding becomes a threat instance on its element or flow. */
  readonly analysis: AnalysisResult;
  /** The catalog the analysis used: names, descriptions and ratings of threats and controls. */
  readonly catalog: Catalog;
  /** The text of the model's files by path (`LoadResult.sources`): with it, each object carries its source as a code snippet. */
  readonly sources?: ReadonlyMap<string, { readonly text: string }>;
}

/** The id of the one `code` representation: the model's .aitm files. */
export const otmRepresentationId = 'aitm-source';

/** Attribute keys aitm adds beside the properties (which are written under their own names). */
export const otmAttributeKeys = {
  /** Where the object is declared, `file:line:column`. Marks an object as written by aitm. */
  source: 'aitm.source',
  /** The dispositions declared on the object (its `on` target), as a JSON array. */
  dispositions: 'aitm.dispositions',
} as const;

/**
 * The model and its analysis as an Open Threat Model 0.2.0 document: a trust zone per boundary, a
 * component per element, a dataflow per flow, an asset per data asset, a threat instance per
 * finding, and the catalog threats and controls they refer to. Every aitm property is kept in the
 * object's `attributes` (as strings), and each object points back at its declaration, so
 * `fromOtm` can rebuild the model. Deterministic: the same input gives the same document. The
 * mapping is documented in docs/interop.md.
 */
export function toOtm(input: OtmExportInput): OtmDocument {
  const { model, analysis, catalog } = input;
  const at = (span: Span, id: string, name: string, headerOnly = false) => sourceInfo(span, id, name, input.sources, headerOnly);

  const dispositionsOn = new Map<string, Disposition[]>();
  for (const d of model.dispositions) {
    const key = targetKey(d.target);
    dispositionsOn.set(key, [...(dispositionsOn.get(key) ?? []), d]);
  }
  const withDispositions = (attributes: OtmAttributes, target: DispositionTarget): OtmAttributes => {
    const list = dispositionsOn.get(targetKey(target));
    if (list) attributes[otmAttributeKeys.dispositions] = JSON.stringify(list.map(dispositionRecord));
    return attributes;
  };

  const findingsOn = new Map<string, Finding[]>();
  for (const f of analysis.findings) {
    const key = `${f.target.type}:${f.target.id}`;
    findingsOn.set(key, [...(findingsOn.get(key) ?? []), f]);
  }
  const instancesOn = (type: 'element' | 'flow', id: string): OtmThreatInstance[] | undefined => {
    const list = findingsOn.get(`${type}:${id}`);
    if (!list) return undefined;
    return [...list].sort((a, b) => compareText(a.threat, b.threat)).map(threatInstance);
  };

  const trustZones: OtmTrustZone[] = model.boundaries.map((b) => {
    const source = at(b.span, b.id, b.label, true);
    const zone: OtmTrustZone = {
      id: b.id,
      name: b.label,
      type: boundaryZoneType,
      ...(b.properties.description !== undefined ? { description: b.properties.description } : {}),
      risk: { trustRating: trustRatings[b.trust] },
      ...(b.parent !== undefined ? { parent: { trustZone: b.parent } } : {}),
      representations: [source.representation],
      attributes: withDispositions({ ...propertyAttributes(b.properties, boundaryProperties), ...source.attributes }, { type: 'boundary', id: b.id }),
    };
    return zone;
  });
  if (model.elements.some((e) => e.boundary === undefined)) {
    trustZones.push({
      id: outsideZone.id,
      name: outsideZone.name,
      type: outsideZone.type,
      description: 'Elements declared outside every boundary, which aitm treats as untrusted.',
      risk: { trustRating: trustRatings[outsideZone.trust] },
    });
  }

  const touching = flowsByElement(model.flows);
  const components: OtmComponent[] = model.elements.map((e) => {
    const source = at(e.span, e.id, e.label);
    const properties = e.properties as Readonly<Record<string, unknown>>;
    const component: OtmComponent = {
      id: e.id,
      name: e.label,
      type: componentType(e.kind),
      parent: { trustZone: e.boundary ?? outsideZone.id },
    };
    if (typeof properties.description === 'string') component.description = properties.description;
    component.representations = [source.representation];
    const stored = unique([...list(properties.holds), ...list(properties.contains), ...list(properties.credentials)]);
    const processed = unique(touching(e.id).flatMap((f) => f.carries));
    if (stored.length > 0 || processed.length > 0) {
      component.assets = {};
      if (processed.length > 0) component.assets.processed = processed;
      if (stored.length > 0) component.assets.stored = stored;
    }
    const threats = instancesOn('element', e.id);
    if (threats) component.threats = threats;
    component.tags = [e.kind, ...list(properties.tags)];
    const attributes = propertyAttributes({ ...properties, controls: e.controls }, elementPropertyTable(e.kind));
    component.attributes = withDispositions({ ...attributes, ...source.attributes }, { type: 'element', id: e.id });
    return component;
  });

  const dataflows: OtmDataflow[] = model.flows.map((f) => {
    const source = at(f.span, f.id, f.label ?? f.id);
    const threats = instancesOn('flow', f.id);
    const attributes = propertyAttributes({ ...f.properties, controls: f.controls }, flowProperties);
    const flow: OtmDataflow = {
      id: f.id,
      name: f.label ?? f.id,
      ...(f.properties.description !== undefined ? { description: f.properties.description } : {}),
      bidirectional: f.bidirectional,
      source: f.source,
      destination: f.target,
      ...(f.carries.length > 0 ? { assets: [...f.carries] } : {}),
      ...(threats ? { threats } : {}),
      ...(f.properties.protocol !== undefined ? { tags: [f.properties.protocol] } : {}),
      representations: [source.representation],
      attributes: withDispositions({ ...attributes, ...source.attributes }, { type: 'flow', id: f.id }),
    };
    return flow;
  });

  const assets: OtmAsset[] = model.data.map((d) => {
    const source = at(d.span, d.id, d.label);
    const classification = d.properties.classification;
    const asset: OtmAsset = {
      name: d.label,
      id: d.id,
      ...(d.properties.description !== undefined ? { description: d.properties.description } : {}),
      risk: {
        confidentiality: classification ? confidentialityRatings[classification] : unratedAssetRisk,
        integrity: unratedAssetRisk,
        availability: unratedAssetRisk,
        comment: `confidentiality from classification ${classification ?? '(none)'}; aitm does not rate integrity or availability`,
      },
      attributes: { ...propertyAttributes(d.properties, dataProperties), ...source.attributes },
    };
    return asset;
  });

  const fired = new Set(analysis.findings.map((f) => f.threat));
  const firedThreats = catalog.threats.filter((t) => fired.has(t.id)).sort((a, b) => compareText(a.id, b.id));
  const referenced = new Set(
    [...components, ...dataflows].flatMap((o) => (o.threats ?? []).flatMap((t) => (t.mitigations ?? []).map((m) => m?.mitigation ?? ''))),
  );
  const mitigations: OtmMitigation[] = [...referenced]
    .filter((id) => id !== '')
    .sort(compareText)
    .map((id) => {
      const control = catalog.controls.get(id);
      const mitigation: OtmMitigation = {
        id,
        name: control?.title ?? id,
        ...(control ? { description: control.description } : {}),
        riskReduction: riskReduction(id, firedThreats),
        ...(control && control.guidelines.length > 0 ? { attributes: { guidelines: control.guidelines.join(', ') } } : {}),
      };
      return mitigation;
    });

  const system = model.system;
  const name = system?.name ?? baseName(model.files[0] ?? 'model');
  const project: OtmDocument['project'] = { name, id: slug(name) };
  if (system?.properties.description !== undefined) project.description = system.properties.description;
  if (system?.properties.owner !== undefined) project.owner = system.properties.owner;
  project.attributes = {
    ...(system ? propertyAttributes(system.properties, systemProperties) : {}),
    'aitm.version': version,
    'aitm.catalogVersion': catalog.version,
  };

  const document: OtmDocument = {
    otmVersion,
    project,
    representations: [
      {
        name: 'aitm model',
        id: otmRepresentationId,
        type: 'code',
        description: 'The .aitm files the model was read from: the entry file first, then its imports.',
        attributes: { language: 'aitm', files: model.files.join(', ') },
      },
    ],
    assets,
    trustZones,
    components,
    dataflows,
    threats: firedThreats.map(otmThreat),
    mitigations,
  };
  return document;
}

/** `toOtm` as the JSON text `aitm export --format otm` writes: two-space indented, with a final newline. */
export function toOtmJson(input: OtmExportInput): string {
  return JSON.stringify(toOtm(input), null, 2) + '\n';
}

// ---- pieces ------------------------------------------------------------------------------------

function threatInstance(f: Finding): OtmThreatInstance {
  const present = [...f.presentControls].sort(compareText);
  const missing = unique(f.missingMitigations.flatMap((m) => m.controls)).filter((c) => !present.includes(c)).sort(compareText);
  const instance: OtmThreatInstance = { threat: f.threat, state: findingStates[f.status] };
  const mitigations = [
    ...present.map((mitigation) => ({ mitigation, state: mitigationStates.present })),
    ...missing.map((mitigation) => ({ mitigation, state: mitigationStates.missing })),
  ];
  if (mitigations.length > 0) instance.mitigations = mitigations;
  return instance;
}

function otmThreat(t: Threat): OtmThreat {
  const attributes: OtmAttributes = { stage: t.stage };
  const refs = t.references;
  for (const [key, values] of [
    ['atlas', refs.atlas],
    ['owaspLlm', refs.owaspLlm],
    ['owaspMl', refs.owaspMl ?? []],
    ['owaspAgentic', refs.owaspAgentic ?? []],
    ['nist', refs.nist],
    ['guidelines', refs.guidelines],
  ] as const) {
    if (values.length > 0) attributes[key] = values.join(', ');
  }
  return {
    id: t.id,
    name: t.title,
    description: t.description,
    categories: [t.category],
    risk: {
      likelihood: likelihoodRatings[t.likelihood],
      likelihoodComment: `aitm catalog likelihood: ${t.likelihood}`,
      impact: impactRatings[t.impact],
      impactComment: `aitm catalog impact: ${t.impact}`,
    },
    tags: [t.category, t.stage],
    attributes,
  };
}

/**
 * How much a control lowers the risk of the threats that fired: 100 when it mitigates one of them
 * on its own, 50 when it takes two controls together, and so on (the best case over those threats).
 */
function riskReduction(control: string, threats: readonly Threat[]): number {
  let best = 0;
  for (const t of threats) {
    for (const m of t.mitigations) if (m.controls.includes(control)) best = Math.max(best, Math.round(100 / m.controls.length));
  }
  return best;
}

/** The properties written in a declaration, as OTM string attributes: lists joined with `, `. `description` has a field of its own. */
function propertyAttributes(properties: Readonly<Record<string, unknown>>, table: PropertyTable): OtmAttributes {
  const attributes: OtmAttributes = {};
  for (const key of Object.keys(table)) {
    if (key === 'description') continue;
    const value = properties[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    attributes[key] = attributeValue(value, table[key]!);
  }
  return attributes;
}

/**
 * Lists of names are joined with `, `; lists of free text (which may hold commas) one item per
 * line, or as a JSON array when an item holds a line break or the first starts with `[`.
 */
export function attributeValue(value: unknown, spec: PropertySpec): string {
  if (!Array.isArray(value)) return String(value);
  const items = value.map(String);
  if (spec.type !== 'text') return items.join(', ');
  return items.some((i) => /[\r\n]/.test(i)) || items[0]?.startsWith('[') ? JSON.stringify(items) : items.join('\n');
}

/** A disposition as the JSON kept in `aitm.dispositions`: its kind, threat and properties. */
function dispositionRecord(d: Disposition): Record<string, unknown> {
  const record: Record<string, unknown> = { kind: d.kind, threat: d.threat };
  const properties = d.properties as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(dispositionProperties[d.kind])) if (properties[key] !== undefined) record[key] = properties[key];
  return record;
}

function targetKey(target: DispositionTarget): string {
  return `${target.type}:${target.id}`;
}

/** Where an object is declared: a representation element on the `code` representation, and the `aitm.source` attribute. */
function sourceInfo(
  span: Span,
  id: string,
  name: string,
  sources: OtmExportInput['sources'],
  headerOnly: boolean,
): { representation: OtmRepresentationElement; attributes: OtmAttributes } {
  const representation: OtmRepresentationElement = { representation: otmRepresentationId, id, name, file: span.file, line: span.line };
  const text = sources?.get(span.file)?.text;
  if (text !== undefined) {
    let snippet = text.slice(span.offset, span.offset + span.length);
    if (headerOnly) snippet = snippet.split(/\r\n|\r|\n/)[0]!;
    representation.codeSnippet = snippet;
  }
  representation.attributes = { column: String(span.column), endLine: String(span.endLine), endColumn: String(span.endColumn) };
  return { representation, attributes: { [otmAttributeKeys.source]: `${span.file}:${span.line}:${span.column}` } };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.aitm$/, '');
}

/** A lower-case id for the project: letters and digits, runs of anything else as one `-`. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'aitm-model' : s;
}
