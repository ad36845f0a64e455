import { Graph } from '@dagrejs/graphlib';
import type { Boundary, DataAsset, Element, Flow, SystemModel } from '../semantics/model.js';
import { trustLevels, type TrustLevel } from '../semantics/vocabulary.js';
import { addTo, byId, getOrMake } from '../util/maps.js';

export type GraphNode =
  | { readonly type: 'element'; readonly element: Element }
  | { readonly type: 'boundary'; readonly boundary: Boundary };

/**
 * The system as a graph: elements are nodes, flows are edges (a bidirectional flow is an edge each
 * way, both named by the flow's id), boundaries are compound parents. Built once per analysis from
 * the model, which stays the source of truth; the maps are indexes into it.
 */
export interface SystemGraph {
  readonly model: SystemModel;
  readonly graph: Graph<unknown, GraphNode, Flow>;
  readonly elements: ReadonlyMap<string, Element>;
  readonly flows: ReadonlyMap<string, Flow>;
  readonly boundaries: ReadonlyMap<string, Boundary>;
  readonly data: ReadonlyMap<string, DataAsset>;
  /** Flows leaving an element (both directions of a bidirectional flow count). */
  outgoing(element: string): readonly FlowEnd[];
  /** Flows arriving at an element. */
  incoming(element: string): readonly FlowEnd[];
  /**
   * An element's position in `model.elements`, or -1 for none. Propagation runs over positions:
   * arrays indexed by number, where maps keyed by id cost several times more per flow.
   */
  indexOf(element: string): number;
  /** `outgoing` and `incoming` by position. */
  outgoingAt(index: number): readonly FlowEnd[];
  incomingAt(index: number): readonly FlowEnd[];
  /**
   * The positions in `model.elements` of each flow's source and target, by the flow's position in
   * `model.flows` (-1 for an end that is not in the model).
   */
  readonly flowSources: Int32Array;
  readonly flowTargets: Int32Array;
  /**
   * Interactions the model states through reference properties instead of `flow` declarations:
   * an agent `uses` a model, keeps `memory` in a store, `delegates_to` another agent; a tool's
   * `server` runs it. Each is a flow of the graph (after the declared ones in every adjacency
   * list) unless a declared flow already joins the two elements, so that a system gets the same
   * analysis whichever way it is written.
   */
  readonly impliedFlows: readonly Flow[];
  /** The effective trust of an element: its boundary's, or `untrusted` outside every boundary. */
  trust(element: string): TrustLevel;
  /** `trust` by position. */
  trustAt(index: number): TrustLevel;
}

/** One end of a flow as seen from an element: the flow and the element at the other end. */
export interface FlowEnd {
  readonly flow: Flow;
  readonly other: string;
  /** The position of `other` in `model.elements`. */
  readonly otherAt: number;
}

export function trustRank(trust: TrustLevel): number {
  return trustLevels.indexOf(trust);
}

export function buildGraph(model: SystemModel): SystemGraph {
  // Maps keyed by id are the costliest part of building the graph (a large model has hundreds of
  // thousands of ids): elements are found through their positions, and flows are indexed by id
  // only if someone asks.
  const positions = byId(model.elements, (_, index) => index);
  const boundaries = byId(model.boundaries, (b) => b);
  const data = byId(model.data, (d) => d);

  const flowSources = new Int32Array(model.flows.length);
  const flowTargets = new Int32Array(model.flows.length);
  model.flows.forEach((flow, index) => {
    // Resolution drops flows between unknown elements; -1 keeps a hand-made model safe.
    flowSources[index] = positions.get(flow.source) ?? -1;
    flowTargets[index] = positions.get(flow.target) ?? -1;
  });
  const impliedFlows = implied(model, positions, flowSources, flowTargets);
  const { outgoing, incoming } = adjacency(model, flowSources, flowTargets, impliedFlows, (id) => positions.get(id) ?? -1);
  const indexOf = (id: string) => positions.get(id) ?? -1;
  const trust = model.elements.map((e) => (e.boundary ? boundaries.get(e.boundary)!.trust : 'untrusted'));

  let graph: Graph<unknown, GraphNode, Flow> | undefined;
  let flows: ReadonlyMap<string, Flow> | undefined;
  return {
    model,
    // The graphlib graph is for callers who want its algorithms; analysis never needs it, and
    // building it costs as much as the whole evaluation, so it is built on first use.
    get graph() {
      graph ??= toGraphlib(model);
      return graph;
    },
    elements: new ById(model.elements, positions),
    get flows() {
      flows ??= byId(model.flows, (f) => f);
      return flows;
    },
    boundaries,
    data,
    flowSources,
    flowTargets,
    impliedFlows,
    outgoing: (id) => outgoing[indexOf(id)] ?? noEnds,
    incoming: (id) => incoming[indexOf(id)] ?? noEnds,
    indexOf,
    outgoingAt: (index) => outgoing[index] ?? noEnds,
    incomingAt: (index) => incoming[index] ?? noEnds,
    trust: (id) => trust[indexOf(id)] ?? 'untrusted',
    trustAt: (index) => trust[index] ?? 'untrusted',
  };
}

/**
 * Adjacency lists in declaration order, straight from the flows: analysis asks for the neighbours
 * of every node, and this is all it needs. Each list is sized exactly (counted first): at 50,000
 * elements, lists grown by pushing held megabytes of spare room. A flow has two ends, one seen from
 * each side, and each is one object shared by the lists it is in (a bidirectional flow leaves and
 * enters both of its elements).
 */
function adjacency(model: SystemModel, sources: Int32Array, targets: Int32Array, impliedFlows: readonly Flow[], indexOf: (id: string) => number) {
  const size = model.elements.length;
  const outCounts = new Int32Array(size);
  const inCounts = new Int32Array(size);
  const count = (flow: Flow, source: number, target: number) => {
    if (source < 0 || target < 0) return;
    outCounts[source]!++;
    inCounts[target]!++;
    if (!flow.bidirectional) return;
    outCounts[target]!++;
    inCounts[source]!++;
  };
  model.flows.forEach((flow, index) => count(flow, sources[index]!, targets[index]!));
  for (const flow of impliedFlows) count(flow, indexOf(flow.source), indexOf(flow.target));
  const lists = (counts: Int32Array) => Array.from(counts, (count): FlowEnd[] => (count === 0 ? (noEnds as FlowEnd[]) : new Array<FlowEnd>(count)));
  const outgoing = lists(outCounts);
  const incoming = lists(inCounts);
  outCounts.fill(0);
  inCounts.fill(0);
  const fill = (flow: Flow, source: number, target: number) => {
    if (source < 0 || target < 0) return;
    const toTarget: FlowEnd = { flow, other: flow.target, otherAt: target };
    const toSource: FlowEnd = { flow, other: flow.source, otherAt: source };
    outgoing[source]![outCounts[source]!++] = toTarget;
    incoming[target]![inCounts[target]!++] = toSource;
    if (!flow.bidirectional) return;
    outgoing[target]![outCounts[target]!++] = toSource;
    incoming[source]![inCounts[source]!++] = toTarget;
  };
  model.flows.forEach((flow, index) => fill(flow, sources[index]!, targets[index]!));
  for (const flow of impliedFlows) fill(flow, indexOf(flow.source), indexOf(flow.target));
  return { outgoing: outgoing as readonly (readonly FlowEnd[])[], incoming: incoming as readonly (readonly FlowEnd[])[] };
}

/**
 * The reference properties that state an interaction, and which way it goes: a request from the
 * element that names the reference to the one it names, except a tool's `server`, which runs the
 * tool (the server's answers, descriptions included, come back through it). Memory is read and
 * written.
 */
const interactions = [
  // A model is often reached through a gateway or proxy: `uses` then says which model, and the
  // declared flows say how, so it states no flow of its own (`throughOne`).
  { kind: 'agent', property: 'uses', from: 'element', bidirectional: false, throughOne: true },
  { kind: 'agent', property: 'memory', from: 'element', bidirectional: true, throughOne: false },
  { kind: 'agent', property: 'delegates_to', from: 'element', bidirectional: false, throughOne: false },
  { kind: 'tool', property: 'server', from: 'reference', bidirectional: false, throughOne: false },
] as const;

/**
 * The flows stated by reference properties, where no declared flow joins the two elements either
 * way (for `uses`, nor a declared flow to something that sends to the model).
 */
function implied(model: SystemModel, positions: ReadonlyMap<string, number>, sources: Int32Array, targets: Int32Array): Flow[] {
  const flows: Flow[] = [];
  // Indexed only once some reference states a flow.
  let declared: ReturnType<typeof declaredIndex> | undefined;
  for (const element of model.elements) {
    for (const { kind, property, from, bidirectional, throughOne } of interactions) {
      if (element.kind !== kind) continue;
      const value = (element.properties as Record<string, string | readonly string[] | undefined>)[property];
      if (value === undefined) continue;
      for (const other of typeof value === 'string' ? [value] : value) {
        if (!positions.has(other)) continue;
        declared ??= declaredIndex(model, sources, targets);
        const a = positions.get(element.id)!;
        const b = positions.get(other)!;
        if (declared.pairs.has(pairKey(a, b))) continue;
        if (throughOne && declared.throughOne(a, b)) continue;
        declared.pairs.add(pairKey(a, b));
        const [source, target] = from === 'element' ? [element.id, other] : [other, element.id];
        flows.push(impliedFlow(element, property, source, target, bidirectional));
      }
    }
  }
  return flows;
}

/** The pairs of elements declared flows join, and whether one element sends to another through a third. */
function declaredIndex(model: SystemModel, sources: Int32Array, targets: Int32Array) {
  const pairs = new Set<string>();
  const out = new Map<number, number[]>();
  const into = new Map<number, Set<number>>();
  for (let index = 0; index < model.flows.length; index++) {
    const source = sources[index]!;
    const target = targets[index]!;
    pairs.add(pairKey(source, target));
    addTo(out, source, target);
    getOrMake(into, target, () => new Set<number>()).add(source);
  }
  const throughOne = (a: number, b: number) => {
    const senders = into.get(b);
    return senders !== undefined && (out.get(a) ?? []).some((x) => senders.has(x));
  };
  return { pairs, throughOne };
}

/** The same key for both orders of a pair of positions. */
function pairKey(a: number, b: number): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

const noStrings: readonly string[] = Object.freeze([]);

/** A flow stated by `property` of `element`: it points at the property where it is written. */
function impliedFlow(element: Element, property: string, source: string, target: string, bidirectional: boolean): Flow {
  const where = () => element.propertySpans[property] ?? element.idSpan;
  return {
    id: `${source}${bidirectional ? '<->' : '->'}${target}`,
    named: false,
    label: property.replace(/_/g, ' '),
    source,
    target,
    bidirectional,
    carries: noStrings,
    controls: noStrings,
    controlSpans: [],
    properties: {},
    impliedBy: property,
    get span() {
      return where();
    },
    get idSpan() {
      return where();
    },
    get propertySpans() {
      return {};
    },
  };
}
const noEnds: readonly FlowEnd[] = [];

/** Items of a list by id, as a map, through an index of their positions: no second map to build. */
class ById<T> implements ReadonlyMap<string, T> {
  constructor(
    private readonly items: readonly T[],
    private readonly positions: ReadonlyMap<string, number>,
  ) {}

  get(id: string): T | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.items[at];
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  get size(): number {
    return this.positions.size;
  }

  *entries(): MapIterator<[string, T]> {
    for (const [id, at] of this.positions) yield [id, this.items[at]!];
  }

  *keys(): MapIterator<string> {
    yield* this.positions.keys();
  }

  *values(): MapIterator<T> {
    for (const [, item] of this.entries()) yield item;
  }

  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }

  forEach(callback: (value: T, key: string, map: ReadonlyMap<string, T>) => void, thisArg?: unknown): void {
    for (const [id, item] of this.entries()) callback.call(thisArg, item, id, this);
  }
}

function toGraphlib(model: SystemModel): Graph<unknown, GraphNode, Flow> {
  const graph = new Graph<unknown, GraphNode, Flow>({ directed: true, multigraph: true, compound: true });
  for (const boundary of model.boundaries) graph.setNode(boundary.id, { type: 'boundary', boundary });
  for (const boundary of model.boundaries) if (boundary.parent) graph.setParent(boundary.id, boundary.parent);
  for (const element of model.elements) {
    graph.setNode(element.id, { type: 'element', element });
    if (element.boundary) graph.setParent(element.id, element.boundary);
  }
  for (const flow of model.flows) {
    graph.setEdge(flow.source, flow.target, flow, flow.id);
    if (flow.bidirectional) graph.setEdge(flow.target, flow.source, flow, flow.id);
  }
  return graph;
}
