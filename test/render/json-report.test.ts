import fs from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { toJsonReport } from '../../src/render/json-report.js';

const files = [...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`), 'test/render/fixtures/hostile-labels.aitm'];

function report() {
  const catalog = prepareCatalog();
  const analyses = files.map((file) => {
    const loaded = load(file);
    return { file, model: loaded.model, sources: loaded.sources, analysis: analyze(loaded.model, { catalog, asOf: '2026-11-27' }) };
  });
  return toJsonReport({ analyses, catalog: catalog.catalog });
}

describe('JSON report', () => {
  it('validates against docs/schema/report.schema.json', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync('docs/schema/report.schema.json', 'utf8')));
    const json = JSON.parse(report());
    expect(validate(json), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    expect(json.files).toHaveLength(files.length);
    expect(json.files[0].findings.length).toBeGreaterThan(0);
  });

  it('keeps hostile text intact as JSON data, and is byte-identical run to run', () => {
    const text = report();
    expect(text).toBe(report());
    const hostile = JSON.parse(text).files.at(-1);
    expect(hostile.system.name).toBe('Hostile "labels"');
  });
});
