import type { FlowEnd, SystemGraph } from './build.js';

/** One step of an evidence path: an element, or the flow taken between two elements. */
export interface Step {
  readonly type: 'element' | 'flow';
  readonly id: string;
}

/**
 * The set of elements a fact holds for, with one witness path each. Paths are not stored: each
 * reached element keeps the step it was reached by, and the path is rebuilt on demand, so memory
 * stays linear however long the paths are.
 */
export class Reach {
  private readonly seeds = new Map<string, readonly Step[]>();
  private readonly parents = new Map<string, { readonly from: string; readonly flow: string }>();

  has(element: string): boolean {
    return this.seeds.has(element) || this.parents.has(element);
  }

  get size(): number {
    return this.seeds.size + this.parents.size;
  }

  /** The witness path, from where the fact starts to `element` (empty when the fact does not hold). */
  witness(element: string): Step[] {
    const reversed: Step[] = [];
    let current = element;
    for (;;) {
      const seed = this.seeds.get(current);
      if (seed) return [...seed, ...reversed.reverse()];
      const parent = this.parents.get(current);
      if (!parent) return [];
      reversed.push({ type: 'element', id: current }, { type: 'flow', id: parent.flow });
      current = parent.from;
    }
  }

  /** @internal */
  seed(element: string, path: readonly Step[]): boolean {
    if (this.has(element)) return false;
    this.seeds.set(element, path);
    return true;
  }

  /** @internal */
  link(element: string, from: string, flow: string): boolean {
    if (this.has(element)) return false;
    this.parents.set(element, { from, flow });
    return true;
  }
}

/**
 * One way a fact travels from an element: along its flows (`forward`, source to target) or against
 * them (`back`, an answer coming back to its caller), through the flow ends `when` accepts (all of
 * them without it). Directions are tried in the order given, which decides the witness among
 * equally short paths.
 */
export interface Direction {
  readonly along: 'forward' | 'back';
  readonly when?: (from: string, end: FlowEnd) => boolean;
}

/**
 * Breadth-first propagation from several seeds at once: a fixpoint computed in one pass, each
 * element and flow visited at most once per direction, so time is linear in the size of the graph
 * and never depends on the number of paths. Seeds are taken in order, so the witness of each
 * element is the shortest path from the earliest seed that reaches it, and results are deterministic.
 */
export function propagate(
  seeds: Iterable<readonly [string, readonly Step[]]>,
  graph: Pick<SystemGraph, 'outgoing' | 'incoming'>,
  directions: readonly Direction[],
): Reach {
  const reach = new Reach();
  const queue: string[] = [];
  for (const [element, path] of seeds) if (reach.seed(element, path)) queue.push(element);
  for (let head = 0; head < queue.length; head++) {
    const element = queue[head]!;
    for (const { along, when } of directions) {
      for (const end of along === 'forward' ? graph.outgoing(element) : graph.incoming(element)) {
        if ((!when || when(element, end)) && reach.link(end.other, element, end.flow.id)) queue.push(end.other);
      }
    }
  }
  return reach;
}
