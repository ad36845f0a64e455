import { categories, impacts, likelihoods, stages } from '../catalog/types.js';
import { severities } from '../engine/severity.js';
import { elementKinds } from '../semantics/vocabulary.js';
import { spanJsonSchema } from '../source/span-schema.js';

/** JSON Schema (draft-07) of `aitm report --format json`, published as docs/schema/report.schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
  const strings = { type: 'array', items: { type: 'string' } };
  const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  });
  const step = object({ type: { enum: ['element', 'flow'] }, id: { type: 'string' }, label: { type: 'string' }, span: ref('span') });
  const counts = object(Object.fromEntries(severities.map((s) => [s, { type: 'integer', minimum: 0 }])));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://aitm.dev/schema/report.schema.json',
    title: 'aitm analysis report',
    description: 'The output of `aitm report --format json`. Generated; do not edit.',
    ...object({
      version: { const: 1 },
      tool: object({ name: { const: 'aitm' }, version: { type: 'string' } }),
      catalog: object({
        version: { type: 'string' },
        threats: { type: 'integer', minimum: 0 },
        sources: { type: 'array', items: object({ name: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } }) },
      }),
      files: {
        type: 'array',
        items: object({
          file: { type: 'string' },
          system: { type: ['object', 'null'] },
          digests: { type: 'array', items: object({ file: { type: 'string' }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } }) },
          summary: object({
            open: { type: 'integer' },
            mitigated: { type: 'integer' },
            planned: { type: 'integer' },
            accepted: { type: 'integer' },
            dismissed: { type: 'integer' },
            bySeverity: counts,
          }),
          findings: { type: 'array', items: ref('finding') },
          plan: {
            type: 'array',
            items: object({ controls: strings, titles: strings, risk: { type: 'number' }, closes: strings, bySeverity: counts }),
          },
          coverage: {
            type: 'array',
            items: object({
              id: { type: 'string' },
              stage: { enum: [...stages] },
              title: { type: 'string' },
              practices: strings,
              controls: strings,
              openThreats: strings,
              handledThreats: strings,
              status: { enum: ['covered', 'partial', 'gap', 'undeclared'] },
            }),
          },
        }),
      },
    }),
    definitions: {
      span: spanJsonSchema,
      finding: object(
        {
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{16}$' },
          threat: { type: 'string' },
          title: { type: 'string' },
          category: { enum: [...categories] },
          stage: { enum: [...stages] },
          target: object({ type: { enum: ['element', 'flow'] }, id: { type: 'string' }, kind: { enum: [...elementKinds, 'flow'] }, label: { type: 'string' }, span: ref('span') }),
          likelihood: { enum: [...likelihoods] },
          impact: { enum: [...impacts] },
          severity: { enum: [...severities] },
          status: { enum: ['open', 'mitigated', 'planned', 'accepted', 'dismissed'] },
          statusReason: { type: 'string' },
          explanation: { type: 'string' },
          evidence: object({
            path: { type: 'array', items: step },
            facts: { type: 'array', items: object({ predicate: { type: 'string' }, description: { type: 'string' }, path: { type: 'array', items: step } }) },
            raised: strings,
          }),
          presentControls: strings,
          missingMitigations: { type: 'array', items: object({ controls: strings, guidance: { type: 'string' } }) },
          references: object(
            { atlas: strings, owaspLlm: strings, owaspMl: strings, owaspAgentic: strings, nist: strings, guidelines: strings },
            ['atlas', 'owaspLlm', 'nist', 'guidelines'],
          ),
          disposition: object(
            {
              kind: { enum: ['mitigate', 'accept', 'dismiss'] },
              span: ref('span'),
              by: { type: 'string' },
              status: { type: 'string' },
              reason: { type: 'string' },
              owner: { type: 'string' },
              expires: { type: 'string' },
            },
            ['kind', 'span'],
          ),
        },
        ['fingerprint', 'threat', 'title', 'category', 'stage', 'target', 'likelihood', 'impact', 'severity', 'status', 'statusReason', 'explanation', 'evidence', 'presentControls', 'missingMitigations', 'references'],
      ),
    },
  };
}
