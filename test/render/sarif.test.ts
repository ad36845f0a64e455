import fs from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { toSarif } from '../../src/render/sarif.js';

const schemaPath = '../shared/schemas/sarif-2.1.0.json';
const haveSchema = fs.existsSync(schemaPath);
const files = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`);

function sarifFor(paths: readonly string[]) {
  const catalog = prepareCatalog();
  const analyses = paths.map((file) => ({ file, analysis: analyze(load(file).model, { catalog, asOf: '2026-11-27' }) }));
  return { text: toSarif({ analyses, catalog: catalog.catalog }), analyses };
}

describe('SARIF output', () => {
  it.skipIf(!haveSchema)('validates against the official SARIF 2.1.0 schema (../shared/schemas; skipped where absent)', () => {
    // A CommonJS module: from ESM the class is `.default` of what the default import gives.
    type AjvClass = typeof import('ajv').Ajv;
    const Ajv04 = ((ajvDraft04 as unknown as { default?: AjvClass }).default ?? ajvDraft04) as unknown as AjvClass;
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
    const sarif = JSON.parse(sarifFor(files).text);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it('has one rule per threat and one located, fingerprinted result per finding', () => {
    const { text, analyses } = sarifFor(['examples/rag-support-assistant.aitm']);
    const run = JSON.parse(text).runs[0];
    const findings = analyses[0]!.analysis.findings;
    expect(run.tool.driver.rules.length).toBe(prepareCatalog().catalog.threats.length);
    expect(run.automationDetails.id).toBe('aitm/');
    expect(run.results).toHaveLength(findings.length);
    const direct = run.results.find((r: { ruleId: string }) => r.ruleId === 'prompt-injection.direct');
    const finding = findings.find((f) => f.threat === 'prompt-injection.direct')!;
    expect(direct.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/rag-support-assistant.aitm' },
      region: { startLine: finding.target.span.line, startColumn: finding.target.span.column, endLine: finding.target.span.endLine, endColumn: finding.target.span.endColumn },
    });
    expect(direct.partialFingerprints['aitmFinding/v1']).toBe(finding.fingerprint);
    expect(run.tool.driver.rules[direct.ruleIndex].id).toBe('prompt-injection.direct');
    expect(run.tool.driver.rules[direct.ruleIndex].properties['security-severity']).toMatch(/^\d+\.\d$/);
    const accepted = run.results.find((r: { ruleId: string }) => r.ruleId === 'rag-poisoning.vector-store');
    expect(accepted.suppressions[0].kind).toBe('external');
  });

  it('is byte-identical run to run', () => {
    expect(sarifFor(files).text).toBe(sarifFor(files).text);
  });
});
