import fc from 'fast-check';
import { hostileTexts } from './random.js';

/**
 * Mutations of a JSON document from outside (an OTM document, a catalog): values of the wrong type,
 * hostile strings, `__proto__` / `constructor` / `prototype` keys, duplicate ids, nesting far past
 * any limit, and broken text (truncated, a byte-order mark, a stray character).
 */
export type JsonMutation =
  | { readonly op: 'replace'; readonly at: number; readonly value: 'hostile' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'deep' | 'huge'; readonly pick: number }
  | { readonly op: 'pollute'; readonly at: number; readonly key: '__proto__' | 'constructor' | 'prototype' }
  | { readonly op: 'duplicate-id' | 'delete'; readonly at: number }
  | { readonly op: 'truncate' | 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'bom' };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace'), at: fc.nat(), value: fc.constantFrom('hostile', 'number', 'boolean', 'null', 'array', 'object', 'deep', 'huge'), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pollute'), at: fc.nat(), key: fc.constantFrom('__proto__', 'constructor', 'prototype') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('duplicate-id', 'delete'), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('truncate', 'insert'), at: fc.nat(), text: fc.constantFrom('{', '[', ']', '"', ',', '\uFEFF', '\0', '\\', '\ud800') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bom') }) },
) as fc.Arbitrary<JsonMutation>;

export const jsonMutations = fc.array(jsonMutation, { minLength: 1, maxLength: 3 });

/** Stands for nesting too deep to build as a value: replaced in the text. */
const deepMarker = '\u0000deep\u0000';
export const deepNesting = 10_000;

/** A polluting value: were it merged into an object, every object would gain `polluted`. */
const pollution = () => ({ polluted: 'yes', prototype: { polluted: 'yes' } });

/** Define `key` as an own property, as JSON.parse does (assigning `__proto__` would set the prototype instead). */
function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The document with the mutations applied, as JSON text. */
export function mutateJson(document: unknown, mutations: readonly JsonMutation[]): string {
  const root = { value: structuredClone(document) };
  const textEdits: JsonMutation[] = [];
  for (const m of mutations) {
    if (m.op === 'truncate' || m.op === 'insert' || m.op === 'bom') {
      textEdits.push(m);
      continue;
    }
    const slots = slotsOf(root);
    const [parent, key] = slots[m.at % slots.length]!;
    const container = parent as Record<string | number, unknown>;
    switch (m.op) {
      case 'replace':
        container[key] = replacement(m.value, m.pick);
        break;
      case 'pollute': {
        const objects = slots.map(([p, k]) => (p as Record<string | number, unknown>)[k]).filter((v): v is object => typeof v === 'object' && v !== null && !Array.isArray(v));
        if (objects.length > 0) defineOwn(objects[m.at % objects.length]!, m.key, pollution());
        break;
      }
      case 'duplicate-id': {
        // Give an object in a list the id of its neighbour.
        const lists = slots.map(([p, k]) => (p as Record<string | number, unknown>)[k]).filter((v): v is { id?: unknown }[] => Array.isArray(v) && v.length >= 2);
        const list = lists[m.at % Math.max(1, lists.length)];
        if (list && typeof list[0] === 'object' && typeof list[1] === 'object' && list[0] && list[1]) list[1].id = list[0].id;
        break;
      }
      case 'delete':
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key];
        break;
    }
  }
  let text = (JSON.stringify(root.value, null, 1) ?? '').replaceAll(JSON.stringify(deepMarker), '['.repeat(deepNesting) + ']'.repeat(deepNesting));
  for (const m of textEdits) {
    if (m.op === 'bom') text = '\uFEFF' + text;
    else if (m.op === 'truncate') text = text.slice(0, m.at % (text.length + 1));
    else if (m.op === 'insert') {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + m.text + text.slice(at);
    }
  }
  return text;
}

function replacement(kind: Extract<JsonMutation, { op: 'replace' }>['value'], pick: number): unknown {
  switch (kind) {
    case 'hostile':
      return hostileTexts[pick % hostileTexts.length]!.text;
    case 'number':
      return [0, -1, 1e308, 0.5, -0, 2 ** 53 + 1][pick % 6];
    case 'boolean':
      return pick % 2 === 0;
    case 'null':
      return null;
    case 'array':
      return [hostileTexts[pick % hostileTexts.length]!.text, 1, null];
    case 'object':
      return { id: 'x', name: hostileTexts[pick % hostileTexts.length]!.text };
    case 'deep':
      return deepMarker;
    case 'huge':
      return 'h'.repeat(20_000 + (pick % 3));
  }
}

/** Every place in the document that holds a value, as [container, key]: the root's own slot first. */
function slotsOf(root: { value: unknown }): [object, string | number][] {
  const slots: [object, string | number][] = [[root, 'value']];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach((item, i) => (slots.push([value, i]), walk(item)));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) (slots.push([value, k]), walk(v));
  };
  walk(root.value);
  return slots;
}
