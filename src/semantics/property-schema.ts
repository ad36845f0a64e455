import type { PropertySpec, PropertyTable } from './vocabulary.js';

/** The JSON Schema of one property's resolved value. */
export function propertyJsonSchema(spec: PropertySpec): Record<string, unknown> {
  const one = singleValueSchema(spec);
  const many = 'many' in spec && spec.many === true;
  const schema = many ? { type: 'array', items: one } : one;
  return { description: spec.doc, ...schema };
}

function singleValueSchema(spec: PropertySpec): Record<string, unknown> {
  switch (spec.type) {
    case 'text':
      return spec.pattern ? { type: 'string', pattern: spec.pattern } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return spec.minimum === undefined ? { type: 'number' } : { type: 'number', minimum: spec.minimum };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'enum':
      return { type: 'string', enum: [...spec.values] };
    case 'ref':
    case 'symbol':
      return { type: 'string' };
  }
}

/** The JSON Schema of a resolved property object (every property optional, no others allowed). */
export function propertiesJsonSchema(table: PropertyTable, omit: readonly string[] = []): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    if (!omit.includes(name)) properties[name] = propertyJsonSchema(spec);
  }
  return { type: 'object', properties, additionalProperties: false };
}
