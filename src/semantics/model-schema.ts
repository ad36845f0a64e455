import { spanJsonSchema } from '../source/span-schema.js';
import { propertiesJsonSchema } from './property-schema.js';
import {
  boundaryProperties,
  commonElementProperties,
  dataProperties,
  dispositionKinds,
  dispositionProperties,
  elementKinds,
  elementProperties,
  flowProperties,
  systemProperties,
  trustLevels,
} from './vocabulary.js';

/**
 * The JSON Schema (draft-07) of a resolved model as `JSON.stringify(model)` writes it. Generated
 * from the vocabulary, so it can never disagree with what the resolver accepts; published as
 * docs/schema/model.schema.json.
 */
export function modelJsonSchema(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
  const strings = { type: 'array', items: { type: 'string' } };
  const declared = {
    id: { type: 'string' },
    label: { type: 'string' },
    span: ref('span'),
    idSpan: ref('span'),
    propertySpans: { type: 'object', additionalProperties: ref('span') },
  };
  const declaredRequired = ['id', 'label', 'span', 'idSpan', 'propertySpans'];

  const element = (kind: (typeof elementKinds)[number]) => ({
    type: 'object',
    properties: {
      ...declared,
      kind: { const: kind },
      boundary: { type: 'string' },
      controls: strings,
      controlSpans: { type: 'array', items: ref('span') },
      properties: propertiesJsonSchema({ ...commonElementProperties, ...elementProperties[kind] }, ['controls']),
    },
    required: [...declaredRequired, 'kind', 'controls', 'controlSpans', 'properties'],
    additionalProperties: false,
  });

  const disposition = (kind: (typeof dispositionKinds)[number]) => ({
    type: 'object',
    properties: {
      kind: { const: kind },
      threat: { type: 'string' },
      target: {
        type: 'object',
        properties: { type: { enum: ['element', 'flow', 'boundary'] }, id: { type: 'string' } },
        required: ['type', 'id'],
        additionalProperties: false,
      },
      properties: propertiesJsonSchema(dispositionProperties[kind]),
      controlSpans: { type: 'array', items: ref('span') },
      span: ref('span'),
      threatSpan: ref('span'),
      targetSpan: ref('span'),
    },
    required: ['kind', 'threat', 'target', 'properties', 'controlSpans', 'span', 'threatSpan', 'targetSpan'],
    additionalProperties: false,
  });

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://aitm.dev/schema/model.schema.json',
    title: 'aitm resolved model',
    description: 'A resolved .aitm model, as serialized by JSON.stringify. Generated from the language vocabulary; do not edit.',
    type: 'object',
    properties: {
      system: {
        type: 'object',
        properties: { name: { type: 'string' }, properties: propertiesJsonSchema(systemProperties), span: ref('span'), controlSpans: { type: 'array', items: ref('span') } },
        required: ['name', 'properties', 'span', 'controlSpans'],
        additionalProperties: false,
      },
      files: strings,
      data: {
        type: 'array',
        items: {
          type: 'object',
          properties: { ...declared, properties: propertiesJsonSchema(dataProperties) },
          required: [...declaredRequired, 'properties'],
          additionalProperties: false,
        },
      },
      boundaries: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            ...declared,
            trust: { enum: [...trustLevels] },
            parent: { type: 'string' },
            properties: propertiesJsonSchema(boundaryProperties),
          },
          required: [...declaredRequired, 'trust', 'properties'],
          additionalProperties: false,
        },
      },
      elements: { type: 'array', items: { oneOf: elementKinds.map(element) } },
      flows: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            ...declared,
            named: { type: 'boolean' },
            source: { type: 'string' },
            target: { type: 'string' },
            bidirectional: { type: 'boolean' },
            carries: strings,
            controls: strings,
            controlSpans: { type: 'array', items: ref('span') },
            properties: propertiesJsonSchema(flowProperties, ['carries', 'controls']),
          },
          required: ['id', 'named', 'source', 'target', 'bidirectional', 'carries', 'controls', 'controlSpans', 'properties', 'span', 'idSpan', 'propertySpans'],
          additionalProperties: false,
        },
      },
      dispositions: { type: 'array', items: { oneOf: dispositionKinds.map(disposition) } },
    },
    required: ['files', 'data', 'boundaries', 'elements', 'flows', 'dispositions'],
    additionalProperties: false,
    definitions: {
      span: spanJsonSchema,
    },
  };
}
