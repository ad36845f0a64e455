/**
 * A small valid OTM document (a zone, two components, a dataflow, an asset, a threat and a
 * mitigation) for tests to break one way at a time, and `variant` to break it.
 */
export const validOtm = {
  otmVersion: '0.2.0',
  project: { name: 'P', id: 'p' },
  assets: [{ id: 'pii', name: 'PII', risk: { confidentiality: 100, integrity: 50, availability: 50 } }],
  trustZones: [{ id: 'net', name: 'Internet', risk: { trustRating: 0 } }],
  components: [
    { id: 'web', name: 'Web', type: 'web-app', parent: { trustZone: 'net' } },
    { id: 'db', name: 'DB', type: 'database', parent: { trustZone: 'net' } },
  ],
  dataflows: [{ id: 'f', name: 'F', source: 'web', destination: 'db', assets: ['pii'] }],
  threats: [{ id: 't', name: 'T', risk: { likelihood: 1, impact: 1 } }],
  mitigations: [{ id: 'm', name: 'M', riskReduction: 1 }],
};

/**
 * The valid document changed by `change`, as indented JSON. `own` defines a key as JSON.parse
 * does, as an own property: assigning `__proto__` would set the prototype instead.
 */
export function variant(change: (doc: Record<string, any>, own: (target: object, key: string, value: unknown) => void) => void): string {
  const doc = structuredClone(validOtm) as Record<string, any>;
  change(doc, (target, key, value) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true }));
  return JSON.stringify(doc, null, 2);
}
