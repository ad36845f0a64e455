import type { EvidenceStep, Finding } from '../engine/finding.js';
import { severityRank, type RiskSeverity } from '../engine/severity.js';
import { addTo, byId, getOrMake } from '../util/maps.js';
import { plural } from '../util/plural.js';
import type { Boundary, Element, Flow, SystemModel } from '../semantics/model.js';
import type { ElementKind } from '../semantics/vocabulary.js';
import { mermaidLabel } from './mermaid-escape.js';

export interface MermaidOptions {
  readonly direction?: 'LR' | 'TB' | 'RL' | 'BT';
  /** Draw only this element and its neighbours (one flow away). */
  readonly focus?: string;
  /** Draw only this boundary and what is inside it. */
  readonly boundary?: string;
  /** Label edges with the data they carry (default true). */
  readonly dataLabels?: boolean;
  /** Findings whose open ones colour elements by their highest severity. */
  readonly findings?: readonly Finding[];
}

/** How each kind is drawn: Mermaid node shape delimiters around the quoted label. */
const shapes: Record<ElementKind, readonly [string, string]> = {
  actor: ['([', '])'],
  service: ['[', ']'],
  api: ['{{', '}}'],
  model: ['[[', ']]'],
  agent: ['(', ')'],
  tool: ['[/', '\\]'],
  dataset: ['[/', '/]'],
  store: ['[(', ')]'],
  pipeline: ['>', ']'],
  toolserver: ['[\\', '/]'],
};

const severityOrder = ['critical', 'high', 'medium', 'low'] as const;

const severityStyles: Record<RiskSeverity, string> = {
  critical: 'fill:#7f1d1d,stroke:#450a0a,color:#ffffff',
  high: 'fill:#fecaca,stroke:#b91c1c,color:#111111',
  medium: 'fill:#fef3c7,stroke:#b45309,color:#111111',
  low: 'fill:#e0f2fe,stroke:#0369a1,color:#111111',
};

/**
 * The model as a Mermaid flowchart: one subgraph per trust boundary (nested), a shape per element
 * kind, edges labelled with the data they carry, and classes marking elements with open findings.
 * Node ids are synthetic (`n0`, `b0`), never the user's, so no id can collide with a Mermaid keyword;
 * every label is quoted and entity-escaped; nothing from the model becomes a directive or a click.
 * A model past Mermaid's limits gives its overview instead; `toMermaidDiagrams` gives every part.
 */
export function toMermaid(full: SystemModel, options: MermaidOptions = {}): string {
  const shown = restrictTo(full, options);
  const text = flowchart(shown, options, worstOpenSeverity(options.findings));
  // Never a diagram that renderers refuse: past the limits, the overview (see toMermaidDiagrams).
  return fits(text, shown) ? text : overview(shown).text;
}

/** Each element's most severe open finding. */
function worstOpenSeverity(findings: readonly Finding[] = []): Map<string, RiskSeverity> {
  const worst = new Map<string, RiskSeverity>();
  for (const f of findings) {
    if (f.status !== 'open' || f.target.type !== 'element') continue;
    const current = worst.get(f.target.id);
    if (!current || severityRank(f.severity) > severityRank(current)) worst.set(f.target.id, f.severity);
  }
  return worst;
}

function flowchart(model: SystemModel, options: MermaidOptions, worstOf: ReadonlyMap<string, RiskSeverity>): string {
  const lines: string[] = [`flowchart ${options.direction ?? 'LR'}`];
  const nodeIds = byId(model.elements, (_, i) => `n${i}`);
  const boundaryIds = new Map(model.boundaries.map((b, i) => [b.id, `b${i}`]));
  const dataLabel = new Map(model.data.map((d) => [d.id, d.label]));
  // Only the elements drawn here: a split diagram's part shows the findings of its own elements.
  const worst = new Map<string, RiskSeverity>();
  for (const e of model.elements) {
    const severity = worstOf.get(e.id);
    if (severity) worst.set(e.id, severity);
  }

  // Children by parent, built once: looking them up per boundary would be quadratic in big models.
  const childBoundaries = new Map<string | undefined, Boundary[]>();
  for (const b of model.boundaries) addTo(childBoundaries, b.parent, b);
  const members = new Map<string | undefined, Element[]>();
  for (const e of model.elements) addTo(members, e.boundary, e);
  const node = (e: Element, indent: string) => {
    const [open, close] = shapes[e.kind];
    lines.push(`${indent}${nodeIds.get(e.id)}${open}${mermaidLabel(e.label)}${close}`);
  };
  const emitBoundary = (b: Boundary, indent: string) => {
    lines.push(`${indent}subgraph ${boundaryIds.get(b.id)}[${mermaidLabel(`${b.label} (${b.trust})`)}]`);
    for (const child of childBoundaries.get(b.id) ?? []) emitBoundary(child, indent + '  ');
    for (const e of members.get(b.id) ?? []) node(e, indent + '  ');
    lines.push(`${indent}end`);
  };
  for (const b of childBoundaries.get(undefined) ?? []) emitBoundary(b, '  ');
  for (const e of members.get(undefined) ?? []) node(e, '  ');

  for (const flow of model.flows) {
    const arrow = flow.bidirectional ? '<-->' : '-->';
    const carried = options.dataLabels === false ? [] : flow.carries.map((d) => dataLabel.get(d) ?? d);
    const text = carried.length > 0 ? carried.join(', ') : options.dataLabels === false ? '' : (flow.label ?? '');
    const label = text ? `|${mermaidLabel(text)}|` : '';
    lines.push(`  ${nodeIds.get(flow.source)} ${arrow}${label} ${nodeIds.get(flow.target)}`);
  }

  if (worst.size > 0) {
    // The legend shows what the colours mean; its nodes are synthetic too (l0…).
    lines.push(`  subgraph legend[${mermaidLabel('Open findings: highest severity')}]`);
    severityOrder.forEach((severity, i) => lines.push(`    l${i}[${mermaidLabel(severity)}]`));
    lines.push('  end');
    severityOrder.forEach((severity, i) => {
      const members = [...worst].filter(([, s]) => s === severity).map(([id]) => nodeIds.get(id));
      lines.push(`  classDef ${severity} ${severityStyles[severity]}`);
      lines.push(`  class ${[...members, `l${i}`].join(',')} ${severity}`);
    });
  }
  return lines.join('\n') + '\n';
}

/**
 * One finding's evidence path as a small left-to-right flowchart: the elements and flows the attack
 * passes through, the target marked with the finding's severity. Two elements next to each other
 * in the path are joined by something other than a flow (an agent's memory store, say): a dotted
 * edge with no label. A path too long or too wordy for Mermaid's limits keeps its first and last
 * three hops, with a node counting the elements between, and labels shortened.
 */
export function attackPathMermaid(finding: Finding): string {
  const steps = finding.evidence.path;
  const whole = pathFlowchart(finding, [steps], (label) => label);
  if (withinLimits(whole)) return whole.text;
  // The path starts and ends with an element: each run keeps whole hops, from element to element.
  const elements = steps.flatMap((step, i) => (step.type === 'element' ? [i] : []));
  const kept = 3 + 1;
  const runs = elements.length > 2 * kept ? [steps.slice(0, elements[kept - 1]! + 1), steps.slice(elements.at(-kept))] : [steps];
  return pathFlowchart(finding, runs, (label) => shortened(label)).text;
}

/** The flowchart of runs of a path, with a node between two runs for the elements left out. */
function pathFlowchart(finding: Finding, runs: readonly (readonly EvidenceStep[])[], label: (text: string) => string) {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  const node = (id: string, text: string) => {
    if (!ids.has(id)) {
      ids.set(id, `p${ids.size}`);
      lines.push(`  ${ids.get(id)}[${mermaidLabel(label(text))}]`);
    }
    return ids.get(id)!;
  };
  let edges = 0;
  const elementsIn = (steps: readonly EvidenceStep[]) => steps.filter((step) => step.type === 'element').length;
  const between = elementsIn(finding.evidence.path) - runs.reduce((n, run) => n + elementsIn(run), 0);
  runs.forEach((run, r) => {
    const gap = r > 0 ? node(`\0gap${r}`, `… ${plural(between, 'more element')} …`) : undefined;
    for (const step of run) if (step.type === 'element') node(step.id, step.label);
    if (gap) {
      lines.push(`  ${ids.get(runs[r - 1]!.at(-1)!.id)} -.-> ${gap}`, `  ${gap} -.-> ${ids.get(run[0]!.id)}`);
      edges += 2;
    }
    for (let i = 1; i < run.length; i++) {
      const [previous, step] = [run[i - 1]!, run[i]!];
      if (step.type !== 'element') continue;
      if (previous.type === 'element') lines.push(`  ${ids.get(previous.id)} -.-> ${ids.get(step.id)}`);
      else if (i >= 2 && run[i - 2]!.type === 'element') {
        lines.push(`  ${ids.get(run[i - 2]!.id)} -->|${mermaidLabel(label(previous.label))}| ${ids.get(step.id)}`);
      } else continue;
      edges++;
    }
  });
  if (finding.target.type === 'element') node(finding.target.id, finding.target.label);
  const target = ids.get(finding.target.id);
  if (target) {
    lines.push(`  classDef ${finding.severity} ${severityStyles[finding.severity]}`);
    lines.push(`  class ${target} ${finding.severity}`);
  }
  return { text: lines.join('\n') + '\n', nodes: ids.size, edges };
}

/**
 * The part of a model a diagram shows: with `boundary`, the elements inside it (nested boundaries
 * included); with `focus`, an element and its neighbours. Flows are kept when both ends are, and
 * boundaries when they enclose something kept.
 */
export function restrictTo(model: SystemModel, options: Pick<MermaidOptions, 'focus' | 'boundary'>): SystemModel {
  if (options.focus === undefined && options.boundary === undefined) return model;
  let keep = new Set(model.elements.map((e) => e.id));
  const parentOf = new Map(model.boundaries.map((b) => [b.id, b.parent]));
  if (options.boundary !== undefined) {
    const inside = (b: string | undefined): boolean => {
      for (let at = b; at !== undefined; at = parentOf.get(at)) if (at === options.boundary) return true;
      return false;
    };
    keep = new Set(model.elements.filter((e) => inside(e.boundary)).map((e) => e.id));
  }
  if (options.focus !== undefined) {
    const focus = options.focus;
    const near = new Set([focus]);
    for (const f of model.flows) {
      if (f.source === focus) near.add(f.target);
      if (f.target === focus) near.add(f.source);
    }
    keep = new Set([...keep].filter((id) => near.has(id)));
  }
  const boundaries = new Set<string>();
  for (const e of model.elements) {
    if (!keep.has(e.id)) continue;
    for (let b = e.boundary; b !== undefined && !boundaries.has(b); b = parentOf.get(b)) boundaries.add(b);
  }
  return {
    ...model,
    elements: model.elements.filter((e) => keep.has(e.id)),
    flows: model.flows.filter((f) => keep.has(f.source) && keep.has(f.target)),
    boundaries: model.boundaries.filter((b) => boundaries.has(b.id)),
  };
}

/** What renderers we do not control (GitHub, GitLab, docs sites) refuse to draw. */
export const mermaidLimits = { maxEdges: 500, maxTextSize: 50_000, maxNodes: 400 } as const;

export interface MermaidDiagram {
  readonly title: string;
  readonly text: string;
}

/**
 * The model as one diagram, or, when that would pass Mermaid's limits (500 edges, 50,000
 * characters; dagre also fails on large compound graphs), as an overview plus one diagram per
 * top-level boundary (and one for the elements outside every boundary). Nothing past the limits is
 * ever returned: an overview with too many boundaries or pairs of them collapses them by trust
 * level, and a part still over a limit is replaced by a note saying how to draw it.
 */
export function toMermaidDiagrams(model: SystemModel, options: MermaidOptions = {}): MermaidDiagram[] {
  const shown = restrictTo(model, options);
  // Computed once for all the parts: a large model has hundreds of parts and thousands of findings.
  const worst = worstOpenSeverity(options.findings);
  const whole = flowchart(shown, options, worst);
  if (fits(whole, shown)) return [{ title: model.system?.name ?? 'System', text: whole }];
  const parts: MermaidDiagram[] = [overview(shown)];
  for (const [name, part] of splitByTopBoundary(shown)) {
    const text = flowchart(part, options, worst);
    parts.push({
      title: name,
      text: fits(text, part)
        ? text
        : note(`${shortened(name)}: ${plural(part.elements.length, 'element')} and ${plural(part.flows.length, 'flow')} are more than a Mermaid diagram can show; draw it with --boundary on a nested boundary or --focus on an element`),
    });
  }
  return parts;
}

/** The title of the part that holds the elements outside every boundary. */
const outsideTitle = 'Outside any trust boundary';

/** A diagram of one note: what is drawn instead of a part too large to draw. */
function note(text: string): string {
  return `flowchart LR\n  note[${mermaidLabel(text)}]\n`;
}

/** A user's label cut to a length that any note or overview node can hold. */
function shortened(label: string, max = 80): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/**
 * `restrictTo(model, { boundary })` for every top-level boundary at once, in one pass over the
 * model rather than one per boundary (a large model has hundreds), by title; then the elements
 * outside every boundary, with the flows between them.
 */
function splitByTopBoundary(model: SystemModel): Map<string, SystemModel> {
  const parentOf = new Map(model.boundaries.map((b) => [b.id, b.parent]));
  const topOf = new Map<string, string>();
  for (const b of model.boundaries) {
    let at = b.id;
    while (parentOf.get(at) !== undefined) at = parentOf.get(at)!;
    topOf.set(b.id, at);
  }
  const outside = Symbol('outside');
  type Part = { elements: Element[]; flows: Flow[]; boundaries: Boundary[] };
  const parts = new Map<string | typeof outside, Part>();
  for (const b of model.boundaries) if (b.parent === undefined) parts.set(b.id, { elements: [], flows: [], boundaries: [] });
  const partOfElement = new Map<string, string | typeof outside>();
  for (const e of model.elements) {
    const top = e.boundary === undefined ? outside : topOf.get(e.boundary)!;
    partOfElement.set(e.id, top);
    getOrMake(parts, top, () => ({ elements: [], flows: [], boundaries: [] })).elements.push(e);
  }
  for (const f of model.flows) {
    const top = partOfElement.get(f.source);
    if (top !== undefined && top === partOfElement.get(f.target)) parts.get(top)!.flows.push(f);
  }
  // A boundary is drawn when it encloses something drawn, as restrictTo decides.
  const enclosing = new Set<string>();
  for (const e of model.elements) {
    for (let b = e.boundary; b !== undefined && !enclosing.has(b); b = parentOf.get(b)) enclosing.add(b);
  }
  for (const b of model.boundaries) if (enclosing.has(b.id)) parts.get(topOf.get(b.id)!)!.boundaries.push(b);
  const dataById = new Map(model.data.map((d) => [d.id, d]));
  const byTitle = new Map<string, SystemModel>();
  const add = (title: string, part: Part | undefined) => {
    if (!part || part.elements.length === 0) return;
    // Only the data its flows carry: each part looks up labels in it, and a large model has thousands.
    const carried = new Set(part.flows.flatMap((f) => f.carries));
    byTitle.set(title, { ...model, ...part, data: [...carried].flatMap((id) => dataById.get(id) ?? []) });
  };
  for (const b of model.boundaries) if (b.parent === undefined) add(`${b.label} (${b.trust})`, parts.get(b.id));
  add(outsideTitle, parts.get(outside));
  return byTitle;
}

/** Whether a flowchart of `model` is within the limits. */
function fits(text: string, model: SystemModel): boolean {
  return withinLimits({ text, nodes: model.elements.length, edges: model.flows.length });
}

function withinLimits(diagram: { text: string; nodes: number; edges: number }): boolean {
  return diagram.text.length <= mermaidLimits.maxTextSize && diagram.edges <= mermaidLimits.maxEdges && diagram.nodes <= mermaidLimits.maxNodes;
}

/**
 * The overview of a model too large for one diagram: one node per top-level boundary and per kind
 * of element outside every boundary, each with its number of elements, and one edge per pair of
 * them that flows join, with the number of flows. When that is itself past the limits (hundreds of
 * boundaries, or too many pairs), the boundaries are grouped by trust level: at most one node per
 * trust level and kind, which always fits.
 */
function overview(model: SystemModel): MermaidDiagram {
  const parentOf = new Map(model.boundaries.map((b) => [b.id, b.parent]));
  const topOf = (b: string) => {
    let at = b;
    while (parentOf.get(at) !== undefined) at = parentOf.get(at)!;
    return at;
  };
  const tops = byId(model.boundaries.filter((b) => b.parent === undefined), (b) => b);
  const byBoundary = (e: Element) => (e.boundary === undefined ? `kind:${e.kind}` : `boundary:${topOf(e.boundary)}`);
  const byTrust = (e: Element) => (e.boundary === undefined ? `kind:${e.kind}` : `trust:${tops.get(topOf(e.boundary))!.trust}`);
  const outsideLabel = (kind: string, n: number) => `${kind}s outside any boundary: ${plural(n, 'element')}`;
  const detailed = grouped(model, byBoundary, (key, n) =>
    key.startsWith('kind:') ? outsideLabel(key.slice(5), n) : `${(({ label, trust }) => `${shortened(label)} (${trust})`)(tops.get(key.slice(9))!)}: ${plural(n, 'element')}`,
  );
  if (withinLimits(detailed)) return { title: 'Overview of the top-level boundaries', text: detailed.text };
  const boundariesOf = new Map<string, number>();
  for (const b of tops.values()) boundariesOf.set(b.trust, (boundariesOf.get(b.trust) ?? 0) + 1);
  const collapsed = grouped(model, byTrust, (key, n) => {
    if (key.startsWith('kind:')) return outsideLabel(key.slice(5), n);
    const trust = key.slice(6);
    return `${plural(boundariesOf.get(trust)!, `${trust} boundary`, `${trust} boundaries`)}: ${plural(n, 'element')}`;
  });
  return { title: 'Overview by trust level', text: collapsed.text };
}

/** A flowchart of groups of elements (by `groupOf`), each labelled with its count, and the flows between groups, counted. */
function grouped(model: SystemModel, groupOf: (e: Element) => string, label: (group: string, elements: number) => string): { text: string; nodes: number; edges: number } {
  const group = byId(model.elements, groupOf);
  const sizes = new Map<string, number>();
  for (const e of model.elements) sizes.set(group.get(e.id)!, (sizes.get(group.get(e.id)!) ?? 0) + 1);
  const node = new Map([...sizes.keys()].map((key, i) => [key, `g${i}`]));
  const lines = ['flowchart LR', ...[...sizes].map(([key, n]) => `  ${node.get(key)}[${mermaidLabel(label(key, n))}]`)];
  const flows = new Map<string, number>();
  for (const f of model.flows) {
    const a = node.get(group.get(f.source)!)!;
    const b = node.get(group.get(f.target)!)!;
    if (a !== b) flows.set(`${a} ${b}`, (flows.get(`${a} ${b}`) ?? 0) + 1);
  }
  for (const [pair, n] of flows) {
    const [a, b] = pair.split(' ');
    lines.push(`  ${a} -->|${mermaidLabel(plural(n, 'flow'))}| ${b}`);
  }
  return { text: lines.join('\n') + '\n', nodes: sizes.size, edges: flows.size };
}
