import type { Catalog } from '../catalog/types.js';
import type { Blocked } from '../graph/propagate.js';
import { serverOf, statedControlsOf, withServerProperties } from '../graph/traits.js';
import { getOrMake } from '../util/maps.js';
import type { Element, ElementOf, Flow, SystemModel } from '../semantics/model.js';

const nothing: Blocked = { elements: new Set(), flows: new Set() };

/**
 * The controls in place in one model, however they are declared: in an element's or a flow's
 * `controls`, stated by a property (`rate_limit` is `rate_limiting`, `approval: human` is
 * `human_approval`), or for the whole system, in the `system` block's `controls` or through a
 * practice the catalog says puts a control in place everywhere (`incident_response`).
 */
export class ControlsInPlace {
  /** Controls in place on every element and flow. */
  readonly systemWide: ReadonlySet<string>;
  private readonly cache = new WeakMap<Element | Flow, readonly string[]>();

  constructor(
    private readonly model: SystemModel,
    catalog: Catalog,
    private readonly element: (id: string) => Element | undefined,
  ) {
    const system = model.system?.properties;
    const practices = new Set<string>(system?.practices ?? []);
    const wide = new Set(system?.controls ?? []);
    for (const control of catalog.controls.values()) if (control.practices?.some((p) => practices.has(p))) wide.add(control.id);
    this.systemWide = wide;
  }

  /**
   * The controls declared on an element or flow, or stated by its properties (system-wide ones
   * apart). A tool runs in its server, so it has the server's controls, and the controls its
   * server's properties state where it declares none of its own (a server's `sandbox: vm`).
   */
  on(x: Element | Flow): readonly string[] {
    let controls = this.cache.get(x);
    if (!controls) this.cache.set(x, (controls = this.controlsOf(x)));
    return controls;
  }

  /** `on`, worked out afresh (for the one pass over the whole model, where caching costs more than it saves). */
  private controlsOf(x: Element | Flow): readonly string[] {
    const server = 'kind' in x && x.kind === 'tool' ? serverOf(x, this.element) : undefined;
    const stated = statedControlsOf(server ? withServerProperties(x as ElementOf<'tool'>, server) : x);
    if (stated.length === 0 && !server) return x.controls;
    return [...new Set([...x.controls, ...(server?.controls ?? []), ...stated])];
  }

  /** Every control in place anywhere in the model. */
  everywhere(): Set<string> {
    return new Set([...this.systemWide, ...this.holders().keys()]);
  }

  /**
   * The elements (by position) and flows that hold a control, made once for all controls in one
   * pass: what stops an attack at that control.
   */
  holding(control: string): Blocked {
    return this.holders().get(control) ?? nothing;
  }

  private index: Map<string, { elements: Set<number>; flows: Set<Flow> }> | undefined;
  private holders(): Map<string, { elements: Set<number>; flows: Set<Flow> }> {
    if (this.index) return this.index;
    const index = new Map<string, { elements: Set<number>; flows: Set<Flow> }>();
    const entry = (c: string) => getOrMake(index, c, () => ({ elements: new Set<number>(), flows: new Set<Flow>() }));
    this.model.elements.forEach((e, at) => {
      for (const c of this.controlsOf(e)) entry(c).elements.add(at);
    });
    for (const f of this.model.flows) for (const c of this.controlsOf(f)) entry(c).flows.add(f);
    return (this.index = index);
  }
}
