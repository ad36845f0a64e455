import { addTo } from '../util/maps.js';
import type { Flow } from './model.js';

/**
 * The flows with an end at each element, in declaration order. For renderers that list flows per
 * element: scanning every flow for each element is quadratic, minutes at 50,000 elements.
 */
export function flowsByElement(flows: readonly Flow[]): (element: string) => readonly Flow[] {
  const byElement = new Map<string, Flow[]>();
  for (const flow of flows) {
    addTo(byElement, flow.source, flow);
    if (flow.target !== flow.source) addTo(byElement, flow.target, flow);
  }
  return (element) => byElement.get(element) ?? [];
}
