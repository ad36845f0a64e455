import { referenceIds, type Catalog, type Threat } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import { severityOf, type RiskSeverity } from '../engine/severity.js';
import { compareText } from '../util/compare.js';
import { version } from '../version.js';

export interface SarifInput {
  /** The analysed model files, each with its analysis. */
  readonly analyses: readonly { readonly file: string; readonly analysis: AnalysisResult }[];
  readonly catalog: Catalog;
  /**
   * The analysis category (the CLI's `--category`): `runAutomationDetails.id` becomes
   * `<category>/`, which code scanning uses to keep uploads of different models apart (an upload
   * replaces the alerts of earlier uploads with the same category only). Default `aitm`.
   */
  readonly automationId?: string;
  /**
   * Each file's URI relative to the repository root (`%SRCROOT%`), as code scanning resolves it.
   * The command line computes it from the files' paths; by default a path is used as written,
   * with `/` separators.
   */
  readonly artifactUri?: (file: string) => string;
}

/**
 * GitHub code scanning reads `security-severity` (a CVSS-like score: 9.0 and above critical,
 * 7.0–8.9 high, 4.0–6.9 medium, below 4.0 low) from the rule only, never from a result.
 */
const securitySeverity: Record<RiskSeverity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const level: Record<RiskSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** The base a relative artifact URI is resolved against: the root of the repository checked out. */
const sourceRoot = '%SRCROOT%';

/**
 * SARIF 2.1.0 for code scanning: one run, one rule per catalog threat, one result per finding,
 * located at the line of its element or flow in the .aitm file, with a fingerprint that survives
 * edits. Findings that are not open are kept, as suppressed results, so an alert closes rather than
 * vanishes. Every string is data in JSON; JSON.stringify does the escaping.
 *
 * Code scanning shows a rule's `security-severity` on every alert of the rule, but a finding's
 * severity can be raised above its threat's base rating where the threat applies (`raisedBy`). A
 * finding rated at its threat's base severity is a result of the threat's rule; one rated otherwise
 * is a result of a variant rule, `<threat>/<severity>`, that differs only in its severity.
 */
export function toSarif(input: SarifInput): string {
  const threats = [...input.catalog.threats].sort((a, b) => compareText(a.id, b.id));
  const byId = new Map(threats.map((t) => [t.id, t]));
  const findings = input.analyses.flatMap(({ analysis }) => analysis.findings);
  const ruleId = (f: Finding) => {
    const threat = byId.get(f.threat);
    return threat && f.severity !== baseSeverity(threat) ? `${f.threat}/${f.severity}` : f.threat;
  };
  const variants = new Map<string, { threat: Threat; severity: RiskSeverity }>();
  for (const f of findings) {
    const id = ruleId(f);
    if (id !== f.threat) variants.set(id, { threat: byId.get(f.threat)!, severity: f.severity });
  }
  const rules = [
    ...threats.map((threat) => ({ id: threat.id, threat, severity: baseSeverity(threat) })),
    ...[...variants].sort(([a], [b]) => compareText(a, b)).map(([id, variant]) => ({ id, ...variant })),
  ];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const uri = input.artifactUri ?? ((file: string) => file.split('\\').join('/'));
  const results = findings.map((f) => result(f, ruleId(f), ruleIndex.get(ruleId(f)) ?? -1, uri));
  const category = (input.automationId ?? 'aitm').replace(/\/+$/, '');
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
        automationDetails: { id: `${category}/` },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

const baseSeverity = (threat: Threat) => severityOf(threat.likelihood, threat.impact);

function rule({ id, threat, severity }: { id: string; threat: Threat; severity: RiskSeverity }) {
  const refs = referenceIds(threat.references);
  const mitigations = threat.mitigations.map((m) => `- ${m.controls.map((c) => `\`${c}\``).join(' + ')}: ${m.guidance}`).join('\n');
  const raised = id === threat.id ? '' : `\n\nThis rule is the threat \`${threat.id}\` where it is rated ${severity} rather than ${baseSeverity(threat)}: its rating is raised where it applies (by ${(threat.raisedBy ?? []).join(', ')}).`;
  return {
    id,
    name: threat.title,
    shortDescription: { text: threat.title },
    fullDescription: { text: threat.description },
    defaultConfiguration: { level: level[severity] },
    help: {
      text: `${threat.description}${raised}\nMitigations:\n${threat.mitigations.map((m) => `- ${m.controls.join(' + ')}: ${m.guidance}`).join('\n')}`,
      markdown: `${threat.description}${raised}\n\n**Mitigations**\n\n${mitigations}\n\n**References:** ${refs.join(', ')}`,
    },
    properties: {
      tags: ['security', 'ai', threat.category, `stage:${threat.stage}`, ...refs],
      'security-severity': securitySeverity[severity],
    },
  };
}

function result(f: Finding, ruleId: string, index: number, uri: (file: string) => string) {
  const span = f.target.span;
  const path = f.evidence.path.map((s) => s.label).join(' → ');
  const missing = f.missingMitigations.map((m) => m.controls.join(' + ')).filter(Boolean);
  return {
    ruleId,
    ruleIndex: index,
    level: level[f.severity],
    message: {
      text: `${f.title} on ${f.target.kind} "${f.target.label}" (${[f.severity, ...f.evidence.raised].join('; ')}). Evidence: ${path}.${missing.length ? ` Missing: ${missing.join(' or ')}.` : ''}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uri(span.file), uriBaseId: sourceRoot },
          region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
        },
      },
    ],
    partialFingerprints: { 'aitmFinding/v1': f.fingerprint },
    properties: { status: f.status, severity: f.severity, likelihood: f.likelihood, impact: f.impact },
    ...(f.status === 'open' ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: f.statusReason }] }),
  };
}
