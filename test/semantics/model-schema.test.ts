import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/node/load.js';

const schema = JSON.parse(fs.readFileSync('docs/schema/model.schema.json', 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const models = [
  ...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`),
  'test/semantics/fixtures/all-constructs.aitm',
  'test/semantics/fixtures/multi/main.aitm',
];

describe('the published model schema', () => {
  it.each(models)('validates the JSON of %s', (file) => {
    const result = load(file);
    expect(result.ok).toBe(true);
    const json = JSON.parse(JSON.stringify(result.model));
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('rejects a model with a value the language does not allow', () => {
    const json = JSON.parse(JSON.stringify(load('test/semantics/fixtures/all-constructs.aitm').model));
    json.elements[0].properties.type = 'alien';
    expect(validate(json)).toBe(false);
    delete json.elements[0].properties.type;
    json.elements[0].surprise = true;
    expect(validate(json)).toBe(false);
  });
});
