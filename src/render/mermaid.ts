import type { Finding } from '../engine/finding.js';
import { severityRank, type RiskSeverity } from '../engine/severity.js';
import { addTo, byId } from '../util/maps.js';
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
 */
export function toMermaid(full: SystemModel, options: MermaidOptions = {}): string {
  return flowchart(restrictTo(full, options), options, worstOpenSeverity(options.findings));
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
 * edge with no label.
 */
export function attackPathMermaid(finding: Finding): string {
  const lines = ['flowchart LR'];
  const elements = finding.evidence.path.filter((s) => s.type === 'element');
  const ids = new Map<string, string>();
  for (const step of elements) {
    if (ids.has(step.id)) continue;
    ids.set(step.id, `p${ids.size}`);
    lines.push(`  ${ids.get(step.id)}[${mermaidLabel(step.label)}]`);
  }
  const path = finding.evidence.path;
  for (let i = 1; i < path.length; i++) {
    const [previous, step] = [path[i - 1]!, path[i]!];
    if (step.type !== 'element') continue;
    if (previous.type === 'element') lines.push(`  ${ids.get(previous.id)} -.-> ${ids.get(step.id)}`);
    else if (i >= 2 && path[i - 2]!.type === 'element') lines.push(`  ${ids.get(path[i - 2]!.id)} -->|${mermaidLabel(previous.label)}| ${ids.get(step.id)}`);
  }
  if (!ids.has(finding.target.id) && finding.target.type === 'element') {
    ids.set(finding.target.id, `p${ids.size}`);
    lines.push(`  ${ids.get(finding.target.id)}[${mermaidLabel(finding.target.label)}]`);
  }
  const target = ids.get(finding.target.id);
  if (target) {
    lines.push(`  classDef ${finding.severity} ${severityStyles[finding.severity]}`);
    lines.push(`  class ${target} ${finding.severity}`);
  }
  return lines.join('\n') + '\n';
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
 * characters; dagre also fails on large compound graphs), as an overview of the top-level
 * boundaries plus one diagram per top-level boundary — never a diagram that silently fails to
 * render. A part still over a limit is replaced by a note saying so.
 */
export function toMermaidDiagrams(model: SystemModel, options: MermaidOptions = {}): MermaidDiagram[] {
  const shown = restrictTo(model, options);
  // Computed once for all the parts: a large model has hundreds of parts and thousands of findings.
  const worst = worstOpenSeverity(options.findings);
  const whole = flowchart(shown, options, worst);
  if (fits(whole, shown)) return [{ title: model.system?.name ?? 'System', text: whole }];
  const parts: MermaidDiagram[] = [{ title: 'Overview of the top-level boundaries', text: overview(shown) }];
  for (const [b, part] of splitByTopBoundary(shown)) {
    const text = flowchart(part, options, worst);
    parts.push({
      title: `${b.label} (${b.trust})`,
      text: fits(text, part)
        ? text
        : `flowchart LR\n  note[${mermaidLabel(`${b.label}: ${part.elements.length} elements and ${part.flows.length} flows are more than a Mermaid diagram can show; draw it with --boundary on a nested boundary or --focus on an element`)}]\n`,
    });
  }
  return parts;
}

/**
 * `restrictTo(model, { boundary })` for every top-level boundary at once, in one pass over the
 * model rather than one per boundary (a large model has hundreds).
 */
function splitByTopBoundary(model: SystemModel): Map<Boundary, SystemModel> {
  const parentOf = new Map(model.boundaries.map((b) => [b.id, b.parent]));
  const topOf = new Map<string, string>();
  for (const b of model.boundaries) {
    let at = b.id;
    while (parentOf.get(at) !== undefined) at = parentOf.get(at)!;
    topOf.set(b.id, at);
  }
  const parts = new Map<string, { elements: Element[]; flows: Flow[]; boundaries: Boundary[] }>();
  for (const b of model.boundaries) if (b.parent === undefined) parts.set(b.id, { elements: [], flows: [], boundaries: [] });
  const partOfElement = new Map<string, string>();
  for (const e of model.elements) {
    const top = e.boundary === undefined ? undefined : topOf.get(e.boundary);
    if (top === undefined) continue;
    partOfElement.set(e.id, top);
    parts.get(top)!.elements.push(e);
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
  const byBoundary = new Map<Boundary, SystemModel>();
  for (const b of model.boundaries) {
    const part = parts.get(b.id);
    if (!part) continue;
    // Only the data its flows carry: each part looks up labels in it, and a large model has thousands.
    const carried = new Set(part.flows.flatMap((f) => f.carries));
    byBoundary.set(b, { ...model, ...part, data: [...carried].flatMap((id) => dataById.get(id) ?? []) });
  }
  return byBoundary;
}

function fits(text: string, model: SystemModel): boolean {
  return text.length <= mermaidLimits.maxTextSize && model.flows.length <= mermaidLimits.maxEdges && model.elements.length <= mermaidLimits.maxNodes;
}

/** One node per top-level boundary, one edge per pair of boundaries that flows join, with the count. */
function overview(model: SystemModel): string {
  const top = new Map<string, string>();
  const parentOf = new Map(model.boundaries.map((b) => [b.id, b.parent]));
  const topOf = (b: string | undefined) => {
    let at = b;
    while (at !== undefined && parentOf.get(at) !== undefined) at = parentOf.get(at);
    return at ?? '(outside)';
  };
  const lines = ['flowchart LR'];
  const roots = model.boundaries.filter((b) => b.parent === undefined);
  roots.forEach((b, i) => {
    top.set(b.id, `b${i}`);
    lines.push(`  b${i}[${mermaidLabel(`${b.label} (${b.trust})`)}]`);
  });
  const boundaryOf = byId(model.elements, (e) => topOf(e.boundary));
  const counts = new Map<string, number>();
  for (const f of model.flows) {
    const a = top.get(boundaryOf.get(f.source) ?? '');
    const b = top.get(boundaryOf.get(f.target) ?? '');
    if (!a || !b || a === b) continue;
    counts.set(`${a} ${b}`, (counts.get(`${a} ${b}`) ?? 0) + 1);
  }
  for (const [pair, n] of counts) {
    const [a, b] = pair.split(' ');
    lines.push(`  ${a} -->|${mermaidLabel(`${n} flow${n === 1 ? '' : 's'}`)}| ${b}`);
  }
  return lines.join('\n') + '\n';
}
