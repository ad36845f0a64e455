import { referenceIds, type Catalog } from '../catalog/types.js';
import type { AnalysisResult } from '../engine/analyze.js';
import type { Finding } from '../engine/finding.js';
import { severities } from '../engine/severity.js';
import type { SystemModel } from '../semantics/model.js';
import { toMermaidDiagrams } from './mermaid.js';

export interface HtmlInput {
  readonly model: SystemModel;
  readonly analysis: AnalysisResult;
  readonly catalog: Catalog;
  /** The text of mermaid.min.js, inlined so that the page works offline (the caller reads it). */
  readonly mermaidScript: string;
}

/** Text for HTML element content and attribute values. */
export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A script body that cannot end its <script> element early. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * One self-contained, offline HTML file: the diagram (rendered in the page by the inlined mermaid,
 * strict security level, deterministic ids), a findings table with severity and status filters,
 * and the details of each finding. A content security policy forbids every network request.
 */
export function toHtml(input: HtmlInput): string {
  const { model, analysis } = input;
  const title = `Threat model: ${model.system?.name ?? model.files[0] ?? 'model'}`;
  const diagrams = toMermaidDiagrams(model, { findings: analysis.findings });
  const rows = analysis.findings.map(row).join('\n');
  const details = analysis.findings.map(detail).join('\n');
  const option = (value: string) => `<option value="${value}">${value}</option>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${html(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
.sev-critical { color: #7f1d1d; font-weight: bold; } .sev-high { color: #b91c1c; } .sev-medium { color: #b45309; } .sev-low { color: #0369a1; }
details { margin: .5rem 0; } code { background: #f4f4f5; padding: 0 .2rem; }
</style>
</head>
<body>
<h1>${html(title)}</h1>
<p>${analysis.summary.open} open findings, ${analysis.summary.mitigated} mitigated, ${analysis.summary.planned} planned, ${analysis.summary.accepted} accepted, ${analysis.summary.dismissed} dismissed. Catalog ${html(input.catalog.version)}.</p>
<h2>Diagram</h2>
${diagrams.map((d) => `<h3>${html(d.title)}</h3>\n<pre class="mermaid">${html(d.text)}</pre>`).join('\n')}
<h2>Findings</h2>
<p><label>Severity <select id="severity"><option value="">all</option>${[...severities].reverse().map(option).join('')}</select></label>
<label>Status <select id="status"><option value="">all</option>${['open', 'mitigated', 'planned', 'accepted', 'dismissed'].map(option).join('')}</select></label></p>
<table id="findings">
<thead><tr><th>Severity</th><th>Status</th><th>Threat</th><th>Target</th><th>Evidence</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Details</h2>
${details}
<script>${inlineScript(input.mermaidScript)}</script>
<script>
(function () {
  var severity = document.getElementById('severity');
  var status = document.getElementById('status');
  function apply() {
    var rows = document.querySelectorAll('#findings tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var show = (!severity.value || r.getAttribute('data-severity') === severity.value) && (!status.value || r.getAttribute('data-status') === status.value);
      r.hidden = !show;
    }
  }
  severity.addEventListener('change', apply);
  status.addEventListener('change', apply);
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', deterministicIds: true });
  mermaid.run({ querySelector: 'pre.mermaid' }).then(function () { document.body.setAttribute('data-rendered', 'yes'); });
})();
</script>
</body>
</html>
`;
}

function row(f: Finding): string {
  return `<tr data-severity="${f.severity}" data-status="${f.status}"><td class="sev-${f.severity}">${f.severity}</td><td>${f.status}</td><td><a href="#f-${f.fingerprint}">${html(f.title)}</a><br><code>${html(f.threat)}</code></td><td>${html(f.target.label)}</td><td>${f.evidence.path.map((s) => html(s.label)).join(' → ')}</td></tr>`;
}

function detail(f: Finding): string {
  const refs = referenceIds(f.references);
  const missing = f.missingMitigations.map((m) => `<li>${m.controls.map((c) => `<code>${html(c)}</code>`).join(' + ')}: ${html(m.guidance)}</li>`).join('');
  return `<details id="f-${f.fingerprint}"><summary><span class="sev-${f.severity}">${f.severity}</span> ${html(f.title)} — ${html(f.target.label)} (${f.status})</summary>
<p><code>${html(f.threat)}</code> on ${f.target.kind} <code>${html(f.target.id)}</code> at ${html(f.target.span.file)}:${f.target.span.line}. ${html(f.statusReason)}.</p>
<p>Evidence: ${f.evidence.path.map((s) => html(s.label)).join(' → ')}</p>
${missing ? `<p>Missing mitigations:</p><ul>${missing}</ul>` : ''}
<p>References: ${refs.map(html).join(', ')}</p>
</details>`;
}
