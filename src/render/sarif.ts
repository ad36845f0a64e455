import { referenceIds, type Catalog, type Threat } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import { severityOf, type RiskSeverity } from '../engine/severity.js';
import { version } from '../version.js';

export interface SarifInput {
  /** The analysed model files, each with its analysis. */
  readonly analyses: readonly { readonly file: string; readonly analysis: AnalysisResult }[];
  readonly catalog: Catalog;
  /** Distinguishes runs of different configurations in code scanning. Default `aitm`. */
  readonly automationId?: string;
}

/** GitHub code scanning reads `security-severity` as a CVSS-like score. */
const securitySeverity: Record<RiskSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const level: Record<RiskSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/**
 * SARIF 2.1.0 for code scanning: one run, one rule per catalog threat, one result per finding,
 * located at the line of its element or flow in the .aitm file, with a fingerprint that survives
 * edits. Findings that are not open are kept, as suppressed results, so an alert closes rather than
 * vanishes. Every string is data in JSON; JSON.stringify does the escaping.
 */
export function toSarif(input: SarifInput): string {
  const rules = [...input.catalog.threats].sort((a, b) => (a.id < b.id ? -1 : 1));
  const ruleIndex = new Map(rules.map((t, i) => [t.id, i]));
  const results = input.analyses.flatMap(({ analysis }) => analysis.findings.map((f) => result(f, ruleIndex.get(f.threat) ?? -1)));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aitm',
            version,
            informationUri: 'https://github.com/aitm/aitm',
            rules: rules.map(rule),
          },
        },
        automationDetails: { id: `${input.automationId ?? 'aitm'}/` },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function rule(threat: Threat) {
  const refs = referenceIds(threat.references);
  const mitigations = threat.mitigations.map((m) => `- ${m.controls.map((c) => `\`${c}\``).join(' + ')}: ${m.guidance}`).join('\n');
  return {
    id: threat.id,
    name: threat.title,
    shortDescription: { text: threat.title },
    fullDescription: { text: threat.description },
    help: {
      text: `${threat.description}\nMitigations:\n${threat.mitigations.map((m) => `- ${m.controls.join(' + ')}: ${m.guidance}`).join('\n')}`,
      markdown: `${threat.description}\n\n**Mitigations**\n\n${mitigations}\n\n**References:** ${refs.join(', ')}`,
    },
    properties: {
      tags: ['security', 'ai', threat.category, `stage:${threat.stage}`, ...refs],
      'security-severity': securitySeverity[severityOf(threat.likelihood, threat.impact)],
    },
  };
}

function result(f: Finding, index: number) {
  const span = f.target.span;
  const path = f.evidence.path.map((s) => s.label).join(' → ');
  const missing = f.missingMitigations.map((m) => m.controls.join(' + ')).filter(Boolean);
  return {
    ruleId: f.threat,
    ruleIndex: index,
    level: level[f.severity],
    message: {
      text: `${f.title} on ${f.target.kind} "${f.target.label}" (${f.severity}). Evidence: ${path}.${missing.length ? ` Missing: ${missing.join(' or ')}.` : ''}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: span.file.split('\\').join('/') },
          region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
        },
      },
    ],
    partialFingerprints: { 'aitmFinding/v1': f.fingerprint },
    properties: { status: f.status, severity: f.severity, likelihood: f.likelihood, impact: f.impact },
    ...(f.status === 'open' ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: f.statusReason }] }),
  };
}
