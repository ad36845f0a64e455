import type { Element, Flow } from '../semantics/model.js';
import type { FlowEnd, SystemGraph } from './build.js';

/**
 * One step of an evidence path: an element, or the flow taken between two elements. A flow step
 * holds the flow itself, so a finding never needs to look flows up by id (an index of a large
 * model's flows cost more than analysing them).
 */
export type Step = { readonly type: 'element'; readonly id: string } | { readonly type: 'flow'; readonly id: string; readonly flow: Flow };

type Positions = Pick<SystemGraph, 'model' | 'indexOf' | 'outgoingAt' | 'incomingAt'>;

/**
 * Where a fact starts: an element by position, where its path starts too; an element with the
 * flow it arrived by, whose path is the flow's other end, the flow and the element; or an element
 * with the path that led there. Paths are made only for the witnesses asked for: a large model has
 * tens of thousands of seeds per fact.
 */
export type Seed = number | readonly [number, Flow | readonly Step[]];

/** What stops a fact: elements by position, and flows. */
export interface Blocked {
  readonly elements: ReadonlySet<number>;
  readonly flows: ReadonlySet<Flow>;
}

const unreached = -2;
const seeded = -1;

/**
 * The set of elements a fact holds for, with one witness path each. Each reached element keeps
 * the element and flow it was reached by, and its path is built when first asked for (and kept),
 * so memory stays linear in what is asked however long the paths are.
 */
export class Reach {
  /** By position: the position reached from, `seeded`, or `unreached`. */
  private readonly from: Int32Array;
  /** By position: the flow taken to get there. */
  private readonly via: (Flow | undefined)[];
  /** The seeds that came with a path of their own, or the flow they arrived by. */
  private readonly paths = new Map<number, Flow | readonly Step[]>();
  /** Witness paths already made, by position: many threats ask for the same element's. */
  private readonly witnesses = new Map<number, readonly Step[]>();
  private count = 0;
  /** How it was made, to make it again without going through some elements and flows. */
  private recipe: { readonly seeds: readonly Seed[]; readonly directions: readonly Direction[]; readonly later: readonly Seed[] } | undefined;
  private readonly blockedBy = new Map<string, Reach>();

  /** @internal */
  constructor(private readonly graph: Positions) {
    this.from = new Int32Array(graph.model.elements.length).fill(unreached);
    this.via = new Array<Flow | undefined>(graph.model.elements.length);
  }

  /**
   * The same fact, made again so that it never passes, nor starts at, an element or flow that
   * `blocked` accepts: what it still reaches when everything holding a control stops it. `key`
   * names what is blocked, for the cache. Seeds that came `later` (data marked along the way) start
   * it again only where they started it the first time without another origin: where the fact had
   * arrived first, the marked data is that same content, which must get past the blocks.
   */
  avoiding(key: string, blocked: Blocked): Reach {
    let reach = this.blockedBy.get(key);
    if (reach) return reach;
    const { seeds, directions, later } = this.recipe!;
    const at = (seed: Seed) => (typeof seed === 'number' ? seed : seed[0]);
    const unblocked = (seed: Seed) => {
      const via = typeof seed === 'number' ? undefined : seed[1];
      return !blocked.elements.has(at(seed)) && !(via !== undefined && !isPath(via) && blocked.flows.has(via));
    };
    const origins = new Set(seeds.map(at));
    reach = propagate(
      seeds.filter(unblocked),
      this.graph,
      directions.map(({ along, when }) => ({
        along,
        when: (from: Element, end: FlowEnd, to: Element) =>
          !blocked.flows.has(end.flow) && !blocked.elements.has(end.otherAt) && (!when || when(from, end, to)),
      })),
      later.filter((seed) => unblocked(seed) && !origins.has(at(seed)) && this.startsAt(at(seed))),
    );
    this.blockedBy.set(key, reach);
    return reach;
  }

  /** @internal */
  remember(seeds: readonly Seed[], directions: readonly Direction[], later: readonly Seed[]): void {
    this.recipe = { seeds, directions, later };
  }

  has(element: string): boolean {
    return this.reached(this.graph.indexOf(element));
  }

  get size(): number {
    return this.count;
  }

  /** The witness path, from where the fact starts to `element` (empty when the fact does not hold). */
  witness(element: string): readonly Step[] {
    return this.pathTo(this.graph.indexOf(element)) ?? [];
  }

  /** The witness path to the element at a position in the model, or null when the fact does not hold there. */
  pathTo(index: number): readonly Step[] | null {
    if (!this.reached(index)) return null;
    let path = this.witnesses.get(index);
    if (!path) this.witnesses.set(index, (path = this.makePath(index)));
    return path;
  }

  private makePath(index: number): readonly Step[] {
    const { elements } = this.graph.model;
    const reversed: Step[] = [];
    let current = index;
    while (this.from[current] !== seeded) {
      reversed.push({ type: 'element', id: elements[current]!.id }, flowStep(this.via[current]!));
      current = this.from[current]!;
    }
    const id = elements[current]!.id;
    const start = this.paths.get(current);
    const path: readonly Step[] = start === undefined ? [{ type: 'element', id }] : isPath(start) ? start : arrivedBy(start, id);
    return path.concat(reversed.reverse());
  }

  /** Whether the fact starts at the element at a position (it was a seed, not reached from one). */
  startsAt(index: number): boolean {
    return index >= 0 && this.from[index] === seeded;
  }

  /** @internal */
  reached(index: number): boolean {
    return index >= 0 && this.from[index] !== unreached;
  }

  /** @internal */
  seed(index: number, path?: Flow | readonly Step[]): boolean {
    if (index < 0 || this.reached(index)) return false;
    this.from[index] = seeded;
    if (path) this.paths.set(index, path);
    this.count++;
    return true;
  }

  /** @internal Record how an element not yet reached was reached. */
  link(index: number, from: number, flow: Flow): void {
    this.from[index] = from;
    this.via[index] = flow;
    this.count++;
  }
}

function isPath(start: Flow | readonly Step[]): start is readonly Step[] {
  return Array.isArray(start);
}

/** The path of an element that a fact reached along a flow: the flow's other end, the flow, the element. */
function arrivedBy(flow: Flow, id: string): Step[] {
  return pathVia(flow.source === id ? flow.target : flow.source, flow, id);
}

/** A one-flow path: an element, a flow from it, the element it reaches. */
export function pathVia(from: string, flow: Flow, to: string): Step[] {
  return [{ type: 'element', id: from }, flowStep(flow), { type: 'element', id: to }];
}

function flowStep(flow: Flow): Step {
  return { type: 'flow', id: flow.id, flow };
}

/**
 * One way a fact travels from an element: along its flows (`forward`, source to target) or against
 * them (`back`, an answer coming back to its caller), through the flow ends `when` accepts (all of
 * them without it). Directions are tried in the order given, which decides the witness among
 * equally short paths.
 */
export interface Direction {
  readonly along: 'forward' | 'back';
  readonly when?: (from: Element, end: FlowEnd, to: Element) => boolean;
}

/**
 * Breadth-first propagation from several seeds at once: a fixpoint computed in one pass, each element and flow visited at most once
 * per direction, so time is linear in the size of the graph and never depends on the number of
 * paths. Seeds are taken in order, so the witness of each element is the shortest path from the
 * earliest seed that reaches it, and results are deterministic.
 *
 * `later` seeds are planted only once the first have spread as far as they go, and only where
 * those did not reach: where a fact has an origin (an outside actor) and also marks what it passes
 * through (a flow that carries untrusted data), the witness then starts at the origin, so that
 * the whole way in (and the controls on it) is the evidence.
 */
export function propagate(seeds: readonly Seed[], graph: Positions, directions: readonly Direction[], later: readonly Seed[] = []): Reach {
  const reach = new Reach(graph);
  reach.remember(seeds, directions, later);
  const queue: number[] = [];
  plant(reach, seeds, queue);
  spread(reach, graph, directions, queue, 0);
  if (later.length > 0) spread(reach, graph, directions, queue, plant(reach, later, queue));
  return reach;
}

/** Seeds what has not been reached yet; returns where the new seeds start in the queue. */
function plant(reach: Reach, seeds: readonly Seed[], queue: number[]): number {
  const start = queue.length;
  // Indexed loops: this runs for every element and flow end of every fact, and for...of allocated
  // an iterator at each step in code V8 had not yet optimised.
  for (let i = 0; i < seeds.length; i++) {
    const seed = seeds[i]!;
    const index = typeof seed === 'number' ? seed : seed[0];
    if (reach.seed(index, typeof seed === 'number' ? undefined : seed[1])) queue.push(index);
  }
  return start;
}

function spread(reach: Reach, graph: Positions, directions: readonly Direction[], queue: number[], from: number): void {
  const { elements } = graph.model;
  for (let head = from; head < queue.length; head++) {
    const at = queue[head]!;
    const element = elements[at]!;
    // A model keeps nothing between requests: what reached it in one caller's request goes back to
    // that caller (who had it already), not to its other callers. Only what starts at a model (its
    // own output) goes back from it.
    const stateless = element.kind === 'model' && !reach.startsAt(at);
    for (let d = 0; d < directions.length; d++) {
      const { along, when } = directions[d]!;
      if (stateless && along === 'back') continue;
      const ends = along === 'forward' ? graph.outgoingAt(at) : graph.incomingAt(at);
      for (let e = 0; e < ends.length; e++) {
        const end = ends[e]!;
        if (reach.reached(end.otherAt)) continue;
        if (when && !when(element, end, elements[end.otherAt]!)) continue;
        reach.link(end.otherAt, at, end.flow);
        queue.push(end.otherAt);
      }
    }
  }
}
