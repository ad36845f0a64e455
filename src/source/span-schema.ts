/** The JSON Schema of a serialized `Span`, shared by every published schema that contains one. */
export const spanJsonSchema = {
  type: 'object',
  description: 'A half-open range of UTF-16 offsets in a file, with 1-based line and column (endColumn exclusive).',
  properties: {
    file: { type: 'string' },
    offset: { type: 'integer', minimum: 0 },
    length: { type: 'integer', minimum: 0 },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
  required: ['file', 'offset', 'length', 'line', 'column', 'endLine', 'endColumn'],
  additionalProperties: false,
} as const;
