/** Append `value` to the list kept under `key`, starting the list if there is none. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The value kept under `key`, made by `make` and kept the first time it is asked for. */
export function getOrMake<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: (key: K) => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}

/**
 * A map from each item's id to `value(item, position)`. Built in a loop: `new Map(items.map(...))`
 * makes a pair array per item first, which for a model's hundreds of thousands of flows cost more
 * than the map.
 */
export function byId<T extends { readonly id: string }, V>(items: readonly T[], value: (item: T, index: number) => V): Map<string, V> {
  const map = new Map<string, V>();
  for (let index = 0; index < items.length; index++) map.set(items[index]!.id, value(items[index]!, index));
  return map;
}

/**
 * `compute`, remembered by position (0 to `size` - 1): each position's answer is worked out once,
 * whatever it is, `undefined` and `null` included. For facts asked of the same element or flow by
 * many threats.
 */
export function byPosition<T>(size: number, compute: (at: number) => T): (at: number) => T {
  const answers = new Array<T>(size);
  const known = new Uint8Array(size);
  return (at) => {
    if (known[at] === 0) {
      answers[at] = compute(at);
      known[at] = 1;
    }
    return answers[at]!;
  };
}
