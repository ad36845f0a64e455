import { Graph } from '@dagrejs/graphlib';
import { addTo } from '../util/maps.js';
import type { Boundary, DataAsset, Element, Flow, SystemModel } from '../semantics/model.js';
import { trustLevels, type TrustLevel } from '../semantics/vocabulary.js';

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
  /** The effective trust of an element: its boundary's, or `untrusted` outside every boundary. */
  trust(element: string): TrustLevel;
}

/** One end of a flow as seen from an element: the flow and the element at the other end. */
export interface FlowEnd {
  readonly flow: Flow;
  readonly other: string;
}

export function trustRank(trust: TrustLevel): number {
  return trustLevels.indexOf(trust);
}

export function buildGraph(model: SystemModel): SystemGraph {
  const elements = new Map(model.elements.map((e) => [e.id, e]));
  const flows = new Map(model.flows.map((f) => [f.id, f]));
  const boundaries = new Map(model.boundaries.map((b) => [b.id, b]));
  const data = new Map(model.data.map((d) => [d.id, d]));

  // Adjacency lists in declaration order, straight from the flows: analysis asks for the
  // neighbours of every node, and this is all it needs.
  const outgoing = new Map<string, FlowEnd[]>();
  const incoming = new Map<string, FlowEnd[]>();
  for (const flow of model.flows) {
    addTo(outgoing, flow.source, { flow, other: flow.target });
    addTo(incoming, flow.target, { flow, other: flow.source });
    if (flow.bidirectional) {
      addTo(outgoing, flow.target, { flow, other: flow.source });
      addTo(incoming, flow.source, { flow, other: flow.target });
    }
  }

  let graph: Graph<unknown, GraphNode, Flow> | undefined;
  const none: readonly FlowEnd[] = [];
  return {
    model,
    // The graphlib graph is for callers who want its algorithms; analysis never needs it, and
    // building it costs as much as the whole evaluation, so it is built on first use.
    get graph() {
      graph ??= toGraphlib(model);
      return graph;
    },
    elements,
    flows,
    boundaries,
    data,
    outgoing: (id) => outgoing.get(id) ?? none,
    incoming: (id) => incoming.get(id) ?? none,
    trust: (id) => {
      const boundary = elements.get(id)?.boundary;
      return boundary ? boundaries.get(boundary)!.trust : 'untrusted';
    },
  };
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
