import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import { severityRank } from '../engine/severity.js';
import type { SystemModel } from '../semantics/model.js';
import { compareText } from '../util/compare.js';

/** One version of a model with its analysis: what a diff compares. */
export interface AnalysedModel {
  readonly model: SystemModel;
  readonly analysis: AnalysisResult;
}

export type EntityKind = 'element' | 'boundary' | 'flow' | 'data' | 'disposition';

/** Something declared in the model that was added, removed or changed, named as a reader knows it. */
export interface EntityChange {
  readonly change: 'added' | 'removed' | 'changed';
  readonly entity: EntityKind;
  /** The element kind, or the entity for the others (`flow`, `boundary`, ...). */
  readonly kind: string;
  readonly id: string;
  readonly label: string;
  /** For `changed`: each field that differs, as `field: before → after`. */
  readonly details: readonly string[];
}

export interface ControlChange {
  readonly change: 'added' | 'removed';
  readonly control: string;
  readonly on: { readonly type: 'element' | 'flow'; readonly kind: string; readonly id: string };
}

export interface ModelDiff {
  /** Open now and not open before (new, or no longer mitigated or accepted), most severe first. */
  readonly introduced: readonly { readonly finding: Finding; readonly before: Finding | undefined }[];
  /** Open before and not open now, with what it is now (undefined: the threat no longer applies). */
  readonly resolved: readonly { readonly finding: Finding; readonly after: Finding | undefined }[];
  readonly entities: readonly EntityChange[];
  readonly controls: readonly ControlChange[];
}

/**
 * What changed between two versions of a model: declarations and controls added, removed or
 * changed, and findings introduced or resolved. Findings are matched by fingerprint (threat and
 * target id), so moving or reformatting a declaration changes nothing here.
 */
export function diffModels(before: AnalysedModel, after: AnalysedModel): ModelDiff {
  const was = new Map(before.analysis.findings.map((f) => [f.fingerprint, f]));
  const now = new Map(after.analysis.findings.map((f) => [f.fingerprint, f]));
  const introduced = after.analysis.findings
    .filter((f) => f.status === 'open' && was.get(f.fingerprint)?.status !== 'open')
    .map((finding) => ({ finding, before: was.get(finding.fingerprint) }));
  const resolved = before.analysis.findings
    .filter((f) => f.status === 'open' && now.get(f.fingerprint)?.status !== 'open')
    .map((finding) => ({ finding, after: now.get(finding.fingerprint) }));
  const bySeverity = (a: { finding: Finding }, b: { finding: Finding }) =>
    severityRank(b.finding.severity) - severityRank(a.finding.severity) || compareText(a.finding.threat, b.finding.threat) || compareText(a.finding.target.id, b.finding.target.id);

  const m0 = before.model;
  const m1 = after.model;
  return {
    introduced: introduced.sort(bySeverity),
    resolved: resolved.sort(bySeverity),
    entities: [
      ...entityChanges('boundary', m0.boundaries, m1.boundaries, (b) => ({
        kind: 'boundary',
        label: b.label,
        fields: { label: b.label, trust: b.trust, parent: b.parent, ...b.properties },
      })),
      ...entityChanges('element', m0.elements, m1.elements, (e) => ({
        kind: e.kind,
        label: e.label,
        fields: { kind: e.kind, label: e.label, boundary: e.boundary, ...e.properties },
      })),
      ...entityChanges('flow', m0.flows, m1.flows, (f) => ({
        kind: 'flow',
        label: f.label ?? f.id,
        fields: { source: f.source, target: f.target, bidirectional: f.bidirectional, label: f.label, carries: f.carries, ...f.properties },
      })),
      ...entityChanges('data', m0.data, m1.data, (d) => ({ kind: 'data', label: d.label, fields: { label: d.label, ...d.properties } })),
      ...entityChanges(
        'disposition',
        m0.dispositions.map((d) => ({ ...d, id: `${d.kind} ${d.threat} on ${d.target.id}` })),
        m1.dispositions.map((d) => ({ ...d, id: `${d.kind} ${d.threat} on ${d.target.id}` })),
        (d) => ({ kind: 'disposition', label: d.id, fields: { ...d.properties } }),
      ),
    ],
    controls: [
      ...controlChanges(m0.elements, m1.elements, (e) => ({ type: 'element', kind: e.kind, id: e.id })),
      ...controlChanges(m0.flows, m1.flows, (f) => ({ type: 'flow', kind: 'flow', id: f.id })),
    ],
  };
}

function entityChanges<T extends { readonly id: string }>(
  entity: EntityKind,
  before: readonly T[],
  after: readonly T[],
  describe: (item: T) => { kind: string; label: string; fields: Record<string, unknown> },
): EntityChange[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const changes: EntityChange[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    const d = describe(item);
    if (!previous) {
      changes.push({ change: 'added', entity, kind: d.kind, id: item.id, label: d.label, details: [] });
      continue;
    }
    const details = fieldChanges(describe(previous).fields, d.fields);
    if (details.length > 0) changes.push({ change: 'changed', entity, kind: d.kind, id: item.id, label: d.label, details });
  }
  const kept = new Set(after.map((item) => item.id));
  for (const item of before) {
    if (kept.has(item.id)) continue;
    const d = describe(item);
    changes.push({ change: 'removed', entity, kind: d.kind, id: item.id, label: d.label, details: [] });
  }
  return changes.sort((a, b) => compareText(a.id, b.id) || compareText(a.change, b.change));
}

/** `field: before → after` for each field whose value differs, in field order. */
function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `${key}: ${show(before[key])} → ${show(after[key])}`);
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function controlChanges<T extends { readonly id: string; readonly controls: readonly string[] }>(
  before: readonly T[],
  after: readonly T[],
  on: (item: T) => ControlChange['on'],
): ControlChange[] {
  // Controls of a declaration added or removed as a whole are part of that change, not listed again.
  const old = new Map(before.map((item) => [item.id, item]));
  const changes: ControlChange[] = [];
  for (const item of after) {
    const previous = old.get(item.id)?.controls;
    if (!previous) continue;
    for (const control of item.controls) if (!previous.includes(control)) changes.push({ change: 'added', control, on: on(item) });
    for (const control of previous) if (!item.controls.includes(control)) changes.push({ change: 'removed', control, on: on(item) });
  }
  return changes.sort((a, b) => compareText(a.on.id, b.on.id) || compareText(a.change, b.change) || compareText(a.control, b.control));
}

