import type { ModelDiff } from '../diff/diff.js';
import type { Finding } from '../engine/finding.js';
import { severities } from '../engine/severity.js';
import { md } from './markdown.js';
import { plural } from '../util/plural.js';

export interface DiffMarkdownInput {
  readonly diff: ModelDiff;
  /** How the two versions are named in the heading, e.g. `main` and `this pull request`. */
  readonly before: string;
  readonly after: string;
}

/**
 * A diff as Markdown for a pull-request comment: the findings a change introduces first (what a
 * reviewer must act on), then those it resolves, then what changed in the model. Every piece of
 * user text is escaped, so a label cannot break the table or inject links.
 */
export function diffToMarkdown({ diff, before, after }: DiffMarkdownInput): string {
  const lines = [`### aitm: threat model changes (${md(before)} → ${md(after)})`, ''];
  const counts = (findings: readonly Finding[]) => {
    const bySeverity = [...severities].reverse().flatMap((s) => {
      const n = findings.filter((f) => f.severity === s).length;
      return n > 0 ? [`${n} ${s}`] : [];
    });
    return bySeverity.length > 0 ? ` (${bySeverity.join(', ')})` : '';
  };
  const introduced = diff.introduced.map((i) => i.finding);
  const modelChanges = diff.entities.length + diff.controls.length;
  lines.push(
    `**${plural(introduced.length, 'finding')} introduced**${counts(introduced)} · ${plural(diff.resolved.length, 'finding')} resolved · ${plural(modelChanges, 'model change')}`,
    '',
  );
  if (introduced.length === 0 && diff.resolved.length === 0 && modelChanges === 0) {
    lines.push('No change to the threat model.', '');
    return lines.join('\n');
  }

  if (diff.introduced.length > 0) {
    lines.push('#### Findings introduced', '', '| severity | threat | on | why |', '| --- | --- | --- | --- |');
    for (const { finding, before: was } of diff.introduced) {
      const why = was ? `${md(finding.statusReason)} (was ${was.status})` : md(finding.statusReason);
      lines.push(row(finding.severity, `\`${finding.threat}\` ${md(finding.title)}`, target(finding), why));
    }
    lines.push('');
  }
  if (diff.resolved.length > 0) {
    lines.push('#### Findings resolved', '', '| severity | threat | on | now |', '| --- | --- | --- | --- |');
    for (const { finding, after: now } of diff.resolved) {
      const status = now ? md(now.statusReason) : 'the threat no longer applies';
      lines.push(row(finding.severity, `\`${finding.threat}\` ${md(finding.title)}`, target(finding), status));
    }
    lines.push('');
  }
  if (modelChanges > 0) {
    lines.push('#### Model changes', '', '| change | what | details |', '| --- | --- | --- |');
    for (const e of diff.entities) {
      const label = e.label !== e.id ? ` ${md(`"${e.label}"`)}` : '';
      lines.push(row(e.change, `${e.kind} \`${code(e.id)}\`${label}`, e.details.map(md).join('<br>')));
    }
    for (const c of diff.controls) {
      lines.push(row(`control ${c.change}`, `\`${code(c.control)}\` on ${c.on.kind} \`${code(c.on.id)}\``, ''));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** A table row of cells already escaped. */
function row(...cells: string[]): string {
  return `| ${cells.join(' | ')} |`.replace(/ {2}\|/g, ' |');
}

function target(f: Finding): string {
  return `${f.target.kind} \`${code(f.target.id)}\``;
}

/** Ids go in code spans; a backtick or pipe in one (impossible in valid ids, but cheap to rule out) is dropped. */
function code(text: string): string {
  return text.replace(/[`|\r\n]/g, '');
}

