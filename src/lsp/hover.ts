import { MarkupKind, type Hover } from 'vscode-languageserver';
import { referenceIds, type Catalog } from '../catalog/types.js';
import { severityRank } from '../engine/severity.js';
import { md } from '../render/markdown.js';
import type { DocumentState } from './document-state.js';
import { toRange } from './ranges.js';

/**
 * What the name under the cursor is: for an id, what it declares, where it sits and its open
 * findings; for a threat id, the threat (title, description, references); for a control id, the
 * control.
 */
export function hover(state: DocumentState, offset: number, catalog: Catalog): Hover | undefined {
  const at = state.symbols.at(state.file, offset);
  if (!at) return undefined;
  const lines = at.role === 'threat' ? threatHover(at.name, catalog) : at.role === 'control' ? controlHover(at.name, catalog) : idHover(at.name, state);
  return lines ? { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: toRange(at.span) } : undefined;
}

function threatHover(id: string, catalog: Catalog): string[] | undefined {
  const threat = catalog.threats.find((t) => t.id === id);
  if (!threat) return undefined;
  const refs = referenceIds(threat.references);
  return [
    `**${md(threat.title)}** \`${threat.id}\``,
    md(threat.description),
    `${threat.category} · ${threat.stage} · likelihood ${threat.likelihood}, impact ${threat.impact}`,
    `Mitigated by: ${threat.mitigations.map((m) => m.controls.map((c) => `\`${c}\``).join(' + ')).join(' or ')}`,
    `References: ${refs.join(', ')}`,
  ];
}

function controlHover(id: string, catalog: Catalog): string[] | undefined {
  const control = catalog.controls.get(id);
  return control ? [`**${md(control.title)}** \`${control.id}\``, md(control.description)] : undefined;
}

function idHover(id: string, state: DocumentState): string[] | undefined {
  const { model } = state.loaded;
  const element = model.elements.find((e) => e.id === id);
  if (element) {
    const boundary = model.boundaries.find((b) => b.id === element.boundary);
    const findings = (state.analysis?.findings ?? [])
      .filter((f) => f.status === 'open' && f.target.id === id)
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    return [
      `**${element.kind}** \`${element.id}\` — ${md(element.label)}`,
      boundary ? `in ${md(boundary.label)} (trust: ${boundary.trust})` : 'outside every boundary (untrusted)',
      properties(element.properties),
      element.controls.length ? `controls: ${element.controls.map((c) => `\`${c}\``).join(', ')}` : '',
      findings.length ? `open findings:\n${findings.map((f) => `- ${f.severity} \`${f.threat}\` ${md(f.title)}`).join('\n')}` : '',
    ].filter(Boolean);
  }
  const boundary = model.boundaries.find((b) => b.id === id);
  if (boundary) {
    const members = model.elements.filter((e) => e.boundary === id).length;
    return [`**boundary** \`${boundary.id}\` — ${md(boundary.label)}`, `trust: ${boundary.trust}${boundary.parent ? ` · inside \`${boundary.parent}\`` : ''} · ${members} element${members === 1 ? '' : 's'}`];
  }
  const data = model.data.find((d) => d.id === id);
  if (data) return [`**data** \`${data.id}\` — ${md(data.label)}`, properties(data.properties)].filter(Boolean);
  const flow = model.flows.find((f) => f.id === id);
  if (flow) {
    return [
      `**flow** \`${flow.id}\`${flow.label ? ` — ${md(flow.label)}` : ''}`,
      `\`${flow.source}\` ${flow.bidirectional ? '<->' : '->'} \`${flow.target}\`${flow.carries.length ? ` carrying ${flow.carries.map((d) => `\`${d}\``).join(', ')}` : ''}`,
    ];
  }
  // Not resolved (the model has errors): say at least what was declared.
  const declared = state.symbols.declared().find((d) => d.name === id);
  return declared ? [`**${declared.kind}** \`${id}\``] : undefined;
}

function properties(values: object): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`)
    .map((line) => md(line))
    .join(' · ');
}
