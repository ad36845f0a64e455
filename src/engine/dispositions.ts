import type { SystemGraph } from '../graph/build.js';
import type { Disposition } from '../semantics/model.js';

/**
 * Which dispositions apply to which findings. A disposition on an element or a flow applies to
 * findings of its threat on that target; one on a boundary applies to findings of its threat on
 * every element inside the boundary (nested boundaries included) and every flow with an end inside.
 */
export class DispositionIndex {
  private readonly byKey = new Map<string, Disposition>();
  private readonly byBoundary = new Map<string, Disposition[]>();
  readonly used = new Set<Disposition>();

  constructor(
    dispositions: readonly Disposition[],
    private readonly graph: SystemGraph,
  ) {
    for (const d of dispositions) {
      if (d.target.type === 'boundary') {
        const list = this.byBoundary.get(d.threat) ?? [];
        list.push(d);
        this.byBoundary.set(d.threat, list);
      } else {
        const key = `${d.threat}\u0000${d.target.type}\u0000${d.target.id}`;
        // The resolver already warned about a second disposition for the same threat and target; the first one wins.
        if (!this.byKey.has(key)) this.byKey.set(key, d);
      }
    }
  }

  find(threat: string, target: { type: 'element' | 'flow'; id: string }): Disposition | undefined {
    const direct = this.byKey.get(`${threat}\u0000${target.type}\u0000${target.id}`);
    const found = direct ?? this.inBoundary(threat, target);
    if (found) this.used.add(found);
    return found;
  }

  private inBoundary(threat: string, target: { type: 'element' | 'flow'; id: string }): Disposition | undefined {
    const candidates = this.byBoundary.get(threat);
    if (!candidates) return undefined;
    const ends =
      target.type === 'element' ? [target.id] : [this.graph.flows.get(target.id)!.source, this.graph.flows.get(target.id)!.target];
    for (const d of candidates) {
      if (ends.some((id) => this.within(this.graph.elements.get(id)!.boundary, d.target.id))) return d;
    }
    return undefined;
  }

  private within(boundary: string | undefined, ancestor: string): boolean {
    for (let b = boundary; b !== undefined; b = this.graph.boundaries.get(b)?.parent) if (b === ancestor) return true;
    return false;
  }
}
