import fs from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { toSarif } from '../../src/render/sarif.js';
import { severityOf } from '../../src/engine/severity.js';
import { sharedAbsent, skipIf } from '../requirements.js';

const schemaPath = '../shared/schemas/sarif-2.1.0.json';
const files = fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`);

function sarifFor(paths: readonly string[]) {
  const catalog = prepareCatalog();
  const analyses = paths.map((file) => ({ file, analysis: analyze(load(file).model, { catalog, asOf: '2026-11-27' }) }));
  return { text: toSarif({ analyses, catalog: catalog.catalog }), analyses };
}

describe('SARIF output', () => {
  it('validates against the official SARIF 2.1.0 schema', (context) => {
    skipIf(context, sharedAbsent(schemaPath));
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
    const threats = prepareCatalog().catalog.threats;
    expect(run.tool.driver.rules.slice(0, threats.length).map((r: { id: string }) => r.id)).toEqual(threats.map((t) => t.id).sort());
    expect(run.automationDetails.id).toBe('aitm/');
    expect(run.results).toHaveLength(findings.length);
    const direct = run.results.find((r: { ruleId: string }) => r.ruleId.split('/')[0] === 'prompt-injection.direct');
    const finding = findings.find((f) => f.threat === 'prompt-injection.direct')!;
    expect(direct.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/rag-support-assistant.aitm', uriBaseId: '%SRCROOT%' },
      region: { startLine: finding.target.span.line, startColumn: finding.target.span.column, endLine: finding.target.span.endLine, endColumn: finding.target.span.endColumn },
    });
    expect(direct.partialFingerprints['aitmFinding/v1']).toBe(finding.fingerprint);
    expect(run.tool.driver.rules[direct.ruleIndex].id).toBe(direct.ruleId);
    const accepted = run.results.find((r: { ruleId: string }) => r.ruleId.split('/')[0] === 'rag-poisoning.vector-store');
    expect(accepted.suppressions[0].kind).toBe('external');
  });

  it("gives each result the security-severity of its own rated severity, through its rule, as code scanning reads it", () => {
    const { text, analyses } = sarifFor(files);
    const run = JSON.parse(text).runs[0];
    const threats = new Map(prepareCatalog().catalog.threats.map((t) => [t.id, t]));
    /** Code scanning's bands: 9.0 and above critical, 7.0 high, 4.0 medium, below that low. */
    const band = (score: string) => (Number(score) >= 9 ? 'critical' : Number(score) >= 7 ? 'high' : Number(score) >= 4 ? 'medium' : 'low');
    const findings = analyses.flatMap((a) => a.analysis.findings);
    let raised = 0;
    run.results.forEach((result: { ruleId: string; ruleIndex: number; level: string }, i: number) => {
      const finding = findings[i]!;
      const rule = run.tool.driver.rules[result.ruleIndex];
      expect(rule.id).toBe(result.ruleId);
      expect(band(rule.properties['security-severity'])).toBe(finding.severity);
      expect(rule.defaultConfiguration.level).toBe(result.level);
      const threat = threats.get(finding.threat)!;
      const base = severityOf(threat.likelihood, threat.impact);
      // Findings at their threat's base rating keep the threat's own rule (and their alerts).
      expect(result.ruleId).toBe(finding.severity === base ? finding.threat : `${finding.threat}/${finding.severity}`);
      if (finding.severity !== base) raised++;
    });
    // The examples have findings rated above their threat's base: the case this is about.
    expect(raised).toBeGreaterThan(0);
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sets automationDetails.id from the category, so that models upload side by side', () => {
    const catalog = prepareCatalog();
    const analyses = [{ file: 'a.aitm', analysis: analyze(load('examples/rag-support-assistant.aitm').model, { catalog }) }];
    expect(JSON.parse(toSarif({ analyses, catalog: catalog.catalog, automationId: 'models/payments' })).runs[0].automationDetails.id).toBe('models/payments/');
    expect(JSON.parse(toSarif({ analyses, catalog: catalog.catalog, automationId: 'payments/' })).runs[0].automationDetails.id).toBe('payments/');
  });

  it('is byte-identical run to run', () => {
    expect(sarifFor(files).text).toBe(sarifFor(files).text);
  });
});
