import { elementKinds, practices } from '../semantics/vocabulary.js';
import { predicates, predicateNames } from './predicates.js';
import { categories, impacts, likelihoods, raisers, stages } from './types.js';

const conditionKeys = ['all', 'any', 'not', 'predicate', 'args', 'property', 'in', 'includes', 'unset', 'orUnset'];
const id = (pattern: string, description: string) => ({ type: 'string', pattern, description });
const strings = (pattern?: string) => ({ type: 'array', items: pattern ? { type: 'string', pattern } : { type: 'string' }, uniqueItems: true });

/**
 * The JSON Schema (draft-07) of a catalog file, generated from the predicate table and the
 * vocabulary: a catalog can name only predicates that exist, with arguments of the right shape.
 * Published as docs/schema/catalog.schema.json. Conditions are discriminated with if/then rather
 * than oneOf, so that a mistake produces one precise error instead of one per alternative.
 */
export function catalogJsonSchema(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://aitm.dev/schema/catalog.schema.json',
    title: 'aitm threat catalog',
    description: 'Threats and controls for aitm. Generated from src/catalog/predicates.ts and the language vocabulary; do not edit.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      name: { type: 'string', minLength: 1 },
      version: { type: 'string', minLength: 1 },
      controls: { type: 'array', items: ref('control') },
      threats: { type: 'array', items: ref('threat') },
    },
    additionalProperties: false,
    definitions: {
      control: {
        type: 'object',
        properties: {
          id: id('^[a-z][a-z0-9_]*$', 'snake_case, as written in `controls: [...]` in a model'),
          title: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 1 },
          guidelines: strings('^(DESIGN|DEV|DEPLOY|OPS)-[0-9]+$'),
          practices: {
            type: 'array',
            items: { enum: Object.keys(practices) },
            uniqueItems: true,
            description: 'System practices (`practices` in the `system` block) that put this control in place across the whole system',
          },
        },
        required: ['id', 'title', 'description', 'guidelines'],
        additionalProperties: false,
      },
      threat: {
        type: 'object',
        properties: {
          id: id('^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*$', 'lower-case words joined by `-`, in dot-separated parts'),
          title: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 1 },
          category: { enum: [...categories] },
          stage: { enum: [...stages] },
          likelihood: { enum: [...likelihoods] },
          impact: { enum: [...impacts] },
          raisedBy: { type: 'array', items: { enum: [...raisers] }, uniqueItems: true },
          targets: { type: 'array', items: { enum: [...elementKinds, 'flow'] }, minItems: 1, uniqueItems: true },
          when: ref('condition'),
          mitigations: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: { controls: { ...strings('^[a-z][a-z0-9_]*$'), minItems: 1 }, guidance: { type: 'string', minLength: 1 } },
              required: ['controls', 'guidance'],
              additionalProperties: false,
            },
          },
          references: {
            type: 'object',
            properties: {
              atlas: strings('^AML\\.T[0-9]{4}(\\.[0-9]{3})?$'),
              owaspLlm: strings('^LLM[0-9]{2}:2025$'),
              owaspMl: strings('^ML[0-9]{2}:2023$'),
              owaspAgentic: strings('^ASI[0-9]{2}$'),
              nist: strings('^(pred|gen)\\.[a-z.-]+$'),
              guidelines: { ...strings('^(DESIGN|DEV|DEPLOY|OPS)-[0-9]+$'), minItems: 1 },
            },
            required: ['atlas', 'owaspLlm', 'nist', 'guidelines'],
            additionalProperties: false,
          },
        },
        required: ['id', 'title', 'description', 'category', 'stage', 'likelihood', 'impact', 'targets', 'mitigations', 'references'],
        additionalProperties: false,
      },
      condition: {
        type: 'object',
        minProperties: 1,
        propertyNames: { enum: conditionKeys },
        allOf: [
          { if: { required: ['all'] }, then: { properties: { all: { type: 'array', items: ref('condition'), minItems: 1 } }, maxProperties: 1 } },
          { if: { required: ['any'] }, then: { properties: { any: { type: 'array', items: ref('condition'), minItems: 1 } }, maxProperties: 1 } },
          { if: { required: ['not'] }, then: { properties: { not: ref('condition') }, maxProperties: 1 } },
          { if: { required: ['predicate'] }, then: ref('predicateCondition') },
          { if: { required: ['property'] }, then: ref('propertyCondition') },
          // The fields of a predicate or a property condition without the field that says which.
          { if: { required: ['args'] }, then: { required: ['predicate'] } },
          { if: { anyOf: ['in', 'includes', 'unset', 'orUnset'].map((key) => ({ required: [key] })) }, then: { required: ['property'] } },
        ],
      },
      predicateCondition: {
        type: 'object',
        properties: {
          predicate: { enum: predicateNames },
          args: { type: 'object' },
        },
        propertyNames: { enum: ['predicate', 'args'] },
        allOf: predicateNames.map((name) => ({
          if: { properties: { predicate: { const: name } } },
          then: { properties: { args: predicates[name].args } },
        })),
      },
      propertyCondition: {
        type: 'object',
        properties: {
          property: { type: 'string', pattern: '^[a-z_]+$' },
          in: { type: 'array', items: { type: ['string', 'number', 'boolean'] }, minItems: 1 },
          includes: { type: 'array', items: { type: 'string' }, minItems: 1 },
          unset: { type: 'boolean' },
          orUnset: { type: 'boolean' },
        },
        propertyNames: { enum: ['property', 'in', 'includes', 'unset', 'orUnset'] },
        minProperties: 2,
      },
    },
  };
}
