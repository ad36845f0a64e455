import type { Boundary, DataAsset, Disposition, Element, Flow, SystemModel } from '../semantics/model.js';

/**
 * Whether two models analyse alike: the same declarations with the same meaning, whatever their
 * labels, descriptions, owners and tags, and wherever they are written. An edit that leaves this
 * true (retyping a label, a comment, moving a declaration down a line) cannot change any finding
 * but its labels and places, so an editor need not analyse again.
 */
export function sameForAnalysis(a: SystemModel, b: SystemModel): boolean {
  return (
    sameList(a.system?.properties.practices, b.system?.properties.practices) &&
    sameList(a.system?.properties.controls, b.system?.properties.controls) &&
    sameEach(a.data, b.data, sameData) &&
    sameEach(a.boundaries, b.boundaries, sameBoundary) &&
    sameEach(a.elements, b.elements, sameElement) &&
    sameEach(a.flows, b.flows, sameFlow) &&
    sameEach(a.dispositions, b.dispositions, sameDisposition)
  );
}

/** Properties only people read. */
const presentational = new Set(['description', 'owner', 'tags']);

const sameData = (a: DataAsset, b: DataAsset) => a.id === b.id && sameProperties(a.properties, b.properties);
const sameBoundary = (a: Boundary, b: Boundary) => a.id === b.id && a.trust === b.trust && a.parent === b.parent;
const sameElement = (a: Element, b: Element) =>
  a.id === b.id && a.kind === b.kind && a.boundary === b.boundary && sameList(a.controls, b.controls) && sameProperties(a.properties, b.properties);
const sameFlow = (a: Flow, b: Flow) =>
  a.id === b.id &&
  a.source === b.source &&
  a.target === b.target &&
  a.bidirectional === b.bidirectional &&
  sameList(a.carries, b.carries) &&
  sameList(a.controls, b.controls) &&
  sameProperties(a.properties, b.properties);
// Everything a disposition says shows in the findings it decides, so all of it counts.
const sameDisposition = (a: Disposition, b: Disposition) =>
  a.kind === b.kind &&
  a.threat === b.threat &&
  a.target.type === b.target.type &&
  a.target.id === b.target.id &&
  sameProperties(a.properties, b.properties, noneIgnored);

const noneIgnored: ReadonlySet<string> = new Set();

function sameEach<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
  return true;
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameProperties(a: object, b: object, ignored: ReadonlySet<string> = presentational): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (ignored.has(key)) continue;
    count++;
    const u = x[key];
    const v = y[key];
    if (u !== v && !(Array.isArray(u) && Array.isArray(v) && sameList(u, v))) return false;
  }
  for (const key in y) if (!ignored.has(key)) count--;
  return count === 0;
}
