import { createHash } from 'node:crypto';
import { referenceIds, type Catalog } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import { severities } from '../engine/severity.js';
import type { SystemModel } from '../semantics/model.js';
import { attackPathMermaid, toMermaidDiagrams } from './mermaid.js';

export interface MarkdownInput {
  readonly model: SystemModel;
  readonly analysis: AnalysisResult;
  readonly catalog: Catalog;
  /** The text of each model file, for the digests that let a reader verify what was analysed. */
  readonly sources: ReadonlyMap<string, { readonly text: string }>;
}

/**
 * User text as inert Markdown: no emphasis, links, HTML or table breaks, on one line. Every
 * character Unicode counts as a line break goes, not only CR and LF: renderers built on JavaScript
 * regular expressions (marked, for one) end a table row at U+2028 and U+2029.
 */
export function md(text: string): string {
  return text
    .replace(/[\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A threat model report for design docs and reviews: summary, diagram, findings, register, coverage. */
export function toMarkdown(input: MarkdownInput): string {
  const { model, analysis } = input;
  const out: string[] = [];
  const s = analysis.summary;
  out.push(`# Threat model: ${md(model.system?.name ?? model.files[0] ?? 'model')}`, '');
  const p = model.system?.properties;
  if (p?.description) out.push(md(p.description), '');
  out.push(
    `| | |`,
    `| --- | --- |`,
    `| Owner | ${md(p?.owner ?? '—')} |`,
    `| Version | ${md(p?.version ?? '—')} |`,
    `| Elements | ${model.elements.length} in ${model.boundaries.length} boundaries, ${model.flows.length} flows |`,
    `| Findings | ${s.open} open (${severities
      .slice()
      .reverse()
      .map((k) => `${s.bySeverity[k]} ${k}`)
      .join(', ')}), ${s.mitigated} mitigated, ${s.planned} planned, ${s.accepted} accepted, ${s.dismissed} dismissed |`,
    '',
  );
  out.push('## Diagram', '');
  const diagrams = toMermaidDiagrams(model, { findings: analysis.findings });
  if (diagrams.length > 1) out.push('The model is too large for one Mermaid diagram, so it is drawn as an overview and one diagram per top-level boundary.', '');
  for (const d of diagrams) {
    if (diagrams.length > 1) out.push(`### ${md(d.title)}`, '');
    out.push('```mermaid', d.text.trimEnd(), '```', '');
  }

  out.push('## Findings', '');
  for (const severity of [...severities].reverse()) {
    const list = analysis.findings.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push(`### ${severity[0]!.toUpperCase()}${severity.slice(1)} (${list.length})`, '');
    for (const f of list) out.push(...finding(f));
  }

  const register = analysis.findings.filter((f) => f.status === 'accepted' || f.status === 'dismissed' || f.disposition?.kind === 'accept');
  out.push('## Disposition register', '');
  if (register.length === 0) out.push('No accepted or dismissed risks.', '');
  else {
    out.push('| threat | target | status | owner | expires | reason |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of register) {
      const d = f.disposition;
      out.push(`| \`${f.threat}\` | ${md(f.target.label)} | ${f.status} | ${md(d?.owner ?? '—')} | ${d?.expires ?? '—'} | ${md(d?.reason ?? f.statusReason)} |`);
    }
    out.push('');
  }

  out.push('## Mitigation plan', '');
  if (analysis.plan.length === 0) out.push('Nothing left to plan.', '');
  else {
    out.push('| add | closes | risk |', '| --- | --- | --- |');
    for (const change of analysis.plan.slice(0, 10)) {
      out.push(`| ${change.controls.map((c) => `\`${c}\``).join(' + ')} | ${change.closes.length} open finding(s) | ${change.risk} |`);
    }
    out.push('');
  }

  out.push('## Guideline coverage (CISA / NCSC)', '', '| stage | recommendation | status | practices | open threats |', '| --- | --- | --- | --- | --- |');
  for (const g of analysis.coverage) {
    out.push(`| ${g.stage} | ${g.id} ${md(g.title)} | ${g.status} | ${g.practices.join(', ') || '—'} | ${g.openThreats.map((t) => `\`${t}\``).join(', ') || '—'} |`);
  }
  out.push('', '## What was analysed', '', `Catalog version ${md(input.catalog.version)}.`, '', '| file | SHA-256 |', '| --- | --- |');
  for (const file of model.files) {
    const source = input.sources.get(file);
    if (source) out.push(`| ${md(file)} | \`${sha256(source.text)}\` |`);
  }
  for (const c of input.catalog.sources) out.push(`| ${md(c.name)} | \`${c.sha256}\` |`);
  out.push('');
  return out.join('\n');
}

function finding(f: Finding): string[] {
  const refs = referenceIds(f.references);
  const lines = [
    `#### ${md(f.title)} — ${md(f.target.label)}`,
    '',
    `\`${f.threat}\` on ${f.target.kind} \`${f.target.id}\` (${md(f.target.span.file)}:${f.target.span.line}) · **${f.status}** · likelihood ${f.likelihood}, impact ${f.impact}`,
    '',
    `Why: ${md(f.explanation)}`,
    '',
    `Evidence: ${f.evidence.path.map((s) => md(s.label)).join(' → ')}`,
    '',
  ];
  if (f.evidence.path.length > 1) lines.push('```mermaid', attackPathMermaid(f).trimEnd(), '```', '');
  if (f.status !== 'open') lines.push(`Status: ${md(f.statusReason)}`, '');
  if (f.missingMitigations.length > 0) {
    lines.push('Missing mitigations:', '');
    for (const m of f.missingMitigations) lines.push(`- ${m.controls.map((c) => `\`${c}\``).join(' + ')}: ${md(m.guidance)}`);
    lines.push('');
  }
  lines.push(`References: ${refs.join(', ')}`, '');
  return lines;
}
