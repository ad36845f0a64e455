import type { DataAsset, Element, ElementOf, Flow } from '../semantics/model.js';
import type { TrustLevel } from '../semantics/vocabulary.js';
import { trustRank, type SystemGraph } from './build.js';
import { addTo, byPosition, getOrMake } from '../util/maps.js';
import { pathVia, propagate, type Reach, type Seed, type Step } from './propagate.js';
import { locationOf, serverOf, toolTraits, type ToolTraits } from './traits.js';

/**
 * Facts derived once per analysis, for the catalog's predicates to read. Flows point the way a
 * request or a write goes; the callee's answer comes back the other way, so content can travel
 * against a flow from anything but an actor (a model's completion, a tool's result, a store's rows).
 */
export interface Facts {
  readonly graph: SystemGraph;
  /** Elements that receive content an attacker can control, with the path it arrives by. */
  readonly untrusted: Reach;
  /** Elements that can read confidential, restricted or personal data. */
  readonly sensitive: Reach;
  /** Elements whose output can leave the system through a channel an attacker can read. */
  readonly egress: Reach;
  /** Elements that requests from a matching actor reach, forward along flows only (what an outsider can ask directly). */
  requestedBy(key: string, actor: (element: Element) => boolean): Reach;
  /** Elements that receive text a language model wrote: its callers, and whatever they pass it on to or answer. */
  readonly llmOutput: Reach;
  /**
   * Elements that can send requests, directly or through others, to an element matching `target`.
   * With `answers`, also elements whose answers come back to one that can: what a callee returns
   * reaches its caller (a UI renders the reply of the API it calls). With `through`, only along
   * the flows it accepts (a flow where a person approves each request stops a search for
   * unapproved calls). `key` names the target and options for the cache.
   */
  reaches(key: string, target: (element: Element) => boolean, options?: { answers?: boolean; through?: (flow: Flow) => boolean }): Reach;
  /** The data assets of kind `credentials` an element has: its own, a store's, a tool's server's, or carried either way by its flows. */
  credentialsAt(at: number): readonly DataAsset[];
  /** The data assets a flow carries, by the flow's position in the model. */
  carriedAt(at: number): readonly DataAsset[];
  /** A tool's traits (`toolTraits`), worked out once per tool: several threats ask, of every tool. */
  toolTraits(tool: ElementOf<'tool'>): ToolTraits;
  /** How a flow crosses boundaries, if it does, by the flow's position in the model. */
  crossing(at: number): Crossing | undefined;
  /**
   * The path along a flow, by its position in the model: source, flow, target. Made once per flow,
   * however many threats point at it (most of those that ask go on not to apply).
   */
  alongFlow(at: number): readonly Step[];
  /**
   * The path of untrusted content a flow carries, by the flow's position: the way outsiders'
   * content reached the flow's source, then along the flow (just along the flow when it does not
   * reach the source), so that what screens or fences it on the way counts. Made once per flow.
   */
  untrustedAlong(at: number): readonly Step[];
  /** Reverse indexes of the model's reference properties, so predicates never scan the model. */
  readonly relations: Relations;
}

/** Each map goes from the referenced element to the ids that reference it, in declaration order. */
export interface Relations {
  /** model → agents whose `uses` names it */
  readonly usedBy: ReadonlyMap<string, readonly string[]>;
  /** dataset → models naming it in `trained_on` / `fine_tuned_on`, and pipelines that `consumes` it */
  readonly learntFromBy: ReadonlyMap<string, readonly string[]>;
  /** model → pipelines whose `produces` names it */
  readonly producedBy: ReadonlyMap<string, readonly string[]>;
  /** store → models whose `stored_in` names it */
  readonly storing: ReadonlyMap<string, readonly string[]>;
  /** tool server → tools whose `server` names it */
  readonly serving: ReadonlyMap<string, readonly string[]>;
}

function buildRelations(elements: readonly Element[]): Relations {
  const usedBy = new Map<string, string[]>();
  const learntFromBy = new Map<string, string[]>();
  const producedBy = new Map<string, string[]>();
  const storing = new Map<string, string[]>();
  const serving = new Map<string, string[]>();
  for (const e of elements) {
    if (e.kind === 'tool' && e.properties.server) addTo(serving, e.properties.server, e.id);
    if (e.kind === 'agent') for (const id of e.properties.uses ?? []) addTo(usedBy, id, e.id);
    if (e.kind === 'model') {
      for (const id of [...(e.properties.trained_on ?? []), ...(e.properties.fine_tuned_on ?? [])]) addTo(learntFromBy, id, e.id);
      if (e.properties.stored_in) addTo(storing, e.properties.stored_in, e.id);
    }
    if (e.kind === 'pipeline') {
      for (const id of e.properties.consumes ?? []) addTo(learntFromBy, id, e.id);
      for (const id of e.properties.produces ?? []) addTo(producedBy, id, e.id);
    }
  }
  return { usedBy, learntFromBy, producedBy, storing, serving };
}

export interface Crossing {
  readonly from: TrustLevel;
  readonly to: TrustLevel;
  /** inbound: into higher trust; outbound: into lower trust; lateral: same trust, another boundary. */
  readonly direction: 'inbound' | 'outbound' | 'lateral';
}

const noData: readonly DataAsset[] = Object.freeze([]);
const untrustedSources = new Set(['public_web', 'user_generated', 'third_party', 'crowdsourced']);
const untrustedLabeling = new Set(['crowdsourced', 'third_party']);
const remoteToolOrigins = new Set(['remote_mcp', 'plugin_registry']);
const outsideTrust = new Set<TrustLevel>(['untrusted', 'external', 'partner']);
const unvettedPublishers = new Set(['community', 'unknown']);
/** What a tool writes to that outsiders read later, or fetches with requests whose address the model chooses. */
const outwardFetches = new Set(['web', 'api']);

/**
 * Whether what a tool or tool server describes and returns is in someone else's hands: it comes
 * from a remote server or a plug-in registry, from a publisher nobody vetted, or is fetched afresh
 * at run time from anyone but your own team.
 */
function suppliedFromOutside(e: Element, traitsOf: (tool: ElementOf<'tool'>) => ToolTraits): boolean {
  if (e.kind === 'toolserver') {
    const p = e.properties;
    if (p.publisher === 'in_house') return false;
    return locationOf(e) === 'remote' || unvettedPublishers.has(p.publisher ?? '') || p.loaded === 'runtime';
  }
  if (e.kind !== 'tool') return false;
  const traits = traitsOf(e);
  return (
    remoteToolOrigins.has(traits.origin ?? '') ||
    unvettedPublishers.has(traits.publisher ?? '') ||
    (traits.loaded === 'runtime' && traits.publisher !== 'in_house')
  );
}

export function isSensitiveData(data: DataAsset): boolean {
  const p = data.properties;
  return (
    p.classification === 'confidential' ||
    p.classification === 'restricted' ||
    p.pii === true ||
    p.kind === 'personal' ||
    p.kind === 'credentials'
  );
}

export function isUntrustedData(data: DataAsset): boolean {
  return data.properties.origin === 'untrusted';
}

/** A dataset that is itself classified or personal, or contains sensitive data assets. */
export function isSensitiveDataset(dataset: Element & { kind: 'dataset' }, data: (id: string) => DataAsset): boolean {
  const p = dataset.properties;
  return (
    p.pii === true ||
    p.classification === 'confidential' ||
    p.classification === 'restricted' ||
    (p.contains ?? []).some((id) => isSensitiveData(data(id)))
  );
}

/** A large language model (or a multimodal one, which takes text instructions the same way). */
export function isLanguageModel(e: Element | undefined): boolean {
  return e?.kind === 'model' && (e.properties.type === 'llm' || e.properties.type === 'multimodal');
}

/** Data assets an element keeps: a store's `holds`, a dataset's `contains`. */
export function heldData(element: Element): readonly string[] {
  if (element.kind === 'store') return element.properties.holds ?? [];
  if (element.kind === 'dataset') return element.properties.contains ?? [];
  return [];
}

export function deriveFacts(graph: SystemGraph): Facts {
  const { model } = graph;
  const data = (id: string) => graph.data.get(id)!;
  const element = (id: string) => graph.elements.get(id)!;
  // Several threats ask for the traits of every tool: worked out once per tool.
  const traits = new WeakMap<Element, ToolTraits>();
  const traitsOf = (tool: ElementOf<'tool'>): ToolTraits => getOrMake(traits, tool, () => toolTraits(tool, serverOf(tool, element)));
  const self = (id: string): Step => ({ type: 'element', id });
  /** The positions of the elements that pass `test`: seeds, each the start of its own path. */
  const where = (test: (e: Element, at: number) => boolean): Seed[] => {
    const { elements } = model;
    const found: Seed[] = [];
    for (let at = 0; at < elements.length; at++) if (test(elements[at]!, at)) found.push(at);
    return found;
  };
  /** Seeds for the receivers of flows carrying matching data (both ends of a bidirectional flow). */
  // What each flow carries, as data assets (by the flow's position): every fact and many threats ask.
  const carried = model.flows.map((flow): readonly DataAsset[] => (flow.carries.length === 0 ? noData : flow.carries.map(data)));
  const carrying = (matches: (d: DataAsset) => boolean, seeds: Seed[] = []): Seed[] => {
    for (let index = 0; index < model.flows.length; index++) {
      const flow = model.flows[index]!;
      if (!carried[index]!.some(matches)) continue;
      const source = graph.flowSources[index]!;
      const target = graph.flowTargets[index]!;
      // The sender had the data too: it is where the path starts.
      seeds.push(source, [target, flow]);
      if (flow.bidirectional) seeds.push([source, flow]);
    }
    return seeds;
  };
  // Where content an outsider controls starts: outside actors, anything in an untrusted boundary
  // or on a user's own device, data from outside, tools that fetch it or whose descriptions come
  // from outside. Flows that carry untrusted data mark their ends only where none of these reached.
  const untrustedSeeds = where((e, at) => {
    const trust = graph.trustAt(at);
    return (
      (e.kind === 'actor' ? outsideTrust.has(trust) : trust === 'untrusted') ||
      ('runs_on' in e.properties && e.properties.runs_on === 'client') ||
      (e.kind === 'dataset' && ((e.properties.source ?? []).some((s) => untrustedSources.has(s)) || untrustedLabeling.has(e.properties.labeling ?? ''))) ||
      heldData(e).some((id) => isUntrustedData(data(id))) ||
      (e.kind === 'tool' && (e.properties.fetches ?? []).length > 0) ||
      suppliedFromOutside(e, traitsOf)
    );
  });
  // Forward along flows, and back against them from anything that answers (not an actor).
  const untrusted = propagate(untrustedSeeds, graph, [{ along: 'forward' }, { along: 'back', when: (from) => from.kind !== 'actor' }], carrying(isUntrustedData));

  // Sensitive data moves forward along flows that do not say what they carry, and back to whoever
  // queries a store or dataset that keeps it; a flow that lists its data carries only that.
  const sensitive = propagate(
    where((e) => (e.kind === 'dataset' ? isSensitiveDataset(e, data) : heldData(e).some((id) => isSensitiveData(data(id))))),
    graph,
    [
      { along: 'forward', when: (_from, end) => end.flow.carries.length === 0 },
      { along: 'back', when: (from) => from.kind === 'store' || from.kind === 'dataset' },
    ],
    carrying(isSensitiveData),
  );

  const egressSeeds = where(
    (e, at) =>
      (e.kind === 'tool' &&
        ((e.properties.effect ?? []).some((x) => x === 'network' || x === 'communication') ||
          (e.properties.writes_to ?? []).length > 0 ||
          (e.properties.fetches ?? []).some((x) => outwardFetches.has(x)))) ||
      (e.kind === 'service' && ((e.properties.interprets ?? []).some((x) => x === 'markdown' || x === 'html' || x === 'url') || e.properties.type === 'email')) ||
      (e.kind !== 'actor' && graph.trustAt(at) === 'untrusted'),
  );
  // Whoever sends to a channel can use it; whoever answers one of those reaches it through them.
  const egress = propagate(egressSeeds, graph, [{ along: 'back' }, { along: 'forward', when: (_from, _end, to) => to.kind !== 'actor' }]);

  // A completion goes back to whoever asked for it, and on to whatever they pass it to or answer.
  const llmOutput = propagate(
    where((e) => isLanguageModel(e)),
    graph,
    [{ along: 'back' }, { along: 'forward', when: (_from, _end, to) => to.kind !== 'actor' }],
  );

  // Keyed by the caller's key, which is the same string each time (a map hashes it once).
  const reachCaches = { calls: new Map<string, Reach>(), answers: new Map<string, Reach>() };
  const reaches = (key: string, target: (e: Element) => boolean, options: { answers?: boolean; through?: (flow: Flow) => boolean } = {}): Reach => {
    const through = options.through ?? (() => true);
    return getOrMake(reachCaches[options.answers ? 'answers' : 'calls'], key, () =>
      // Callers reach what their callees reach; a model steers whoever calls it, so it reaches
      // what they reach too (its completion decides their next call).
      propagate(where(target), graph, [
        { along: 'back', when: (_from, end) => through(end.flow) },
        {
          along: 'forward',
          when: options.answers ? (_from, end, to) => to.kind !== 'actor' && through(end.flow) : (_from, end, to) => to.kind === 'model' && through(end.flow),
        },
      ]),
    );
  };
  // Who has which credentials, in one pass over elements and flows: most elements have none, and
  // asking each one's flows cost more than all the rest of the question.
  const credentials = new Map<number, DataAsset[]>();
  const give = (at: number, assets: readonly DataAsset[]) => {
    for (const d of assets) {
      if (d.properties.kind !== 'credentials') continue;
      const list = getOrMake(credentials, at, () => []);
      if (!list.includes(d)) list.push(d);
    }
  };
  model.elements.forEach((e, at) => {
    const own = [...(e.properties.credentials ?? []), ...heldData(e), ...(e.kind === 'tool' ? (serverOf(e, element)?.properties.credentials ?? []) : [])];
    if (own.length > 0) give(at, own.map(data));
  });
  carried.forEach((assets, index) => {
    if (assets.length === 0) return;
    give(graph.flowSources[index]!, assets);
    give(graph.flowTargets[index]!, assets);
  });
  const credentialsAt = (at: number): readonly DataAsset[] => credentials.get(at) ?? noData;
  const requestCache = new Map<string, Reach>();
  const requestedBy = (key: string, actor: (e: Element) => boolean): Reach =>
    getOrMake(requestCache, key, () => propagate(where((e) => e.kind === 'actor' && actor(e)), graph, [{ along: 'forward' }]));

  // By position: a map by flow id was the largest table of the dense case, looked up per threat.
  const crossing = byPosition(model.flows.length, (at): Crossing | undefined => {
    const source = graph.flowSources[at]!;
    const target = graph.flowTargets[at]!;
    // A flow whose ends are not in the model (a hand-made one) crosses nothing that can be told.
    if (source < 0 || target < 0 || model.elements[source]!.boundary === model.elements[target]!.boundary) return undefined;
    const from = graph.trustAt(source);
    const to = graph.trustAt(target);
    const delta = trustRank(to) - trustRank(from);
    return { from, to, direction: delta > 0 ? 'inbound' : delta < 0 ? 'outbound' : 'lateral' };
  });
  const alongFlow = byPosition(model.flows.length, (at): readonly Step[] => {
    const flow = model.flows[at]!;
    return pathVia(flow.source, flow, flow.target);
  });

  const untrustedAlong = byPosition(model.flows.length, (at): readonly Step[] => {
    const before = untrusted.pathTo(graph.flowSources[at]!);
    const along = alongFlow(at);
    return before && before.length > 1 ? [...before, ...along.slice(1)] : along;
  });

  return { graph, untrusted, untrustedAlong, toolTraits: traitsOf, carriedAt: (at) => carried[at]!, sensitive, egress, llmOutput, reaches, requestedBy, crossing, alongFlow, credentialsAt, relations: buildRelations(model.elements) };
}
