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

/** Findings shown per page of the table: enough to scan, few enough to draw at once. */
export const findingsPerPage = 100;

/** Text for HTML element content and attribute values. */
export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A script body that cannot end its <script> element early. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * JSON for a `<script type="application/json">` data block: every `<` written as `\u003c`, so the
 * text can neither end the element nor open a comment, and JSON.parse reads back exactly the data.
 */
function jsonData(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * One self-contained, offline HTML file: the diagrams (rendered in the page by the inlined
 * mermaid, strict security level, deterministic ids), a findings table with severity and status
 * filters, and the details of each finding. A content security policy forbids every network request.
 *
 * It opens quickly whatever the model's size: a diagram is drawn when its section is opened (only
 * the first is open at first), and the findings are data that the page draws a page of rows at a
 * time, as text (never as markup), rather than hundreds of thousands of elements up front.
 */
export function toHtml(input: HtmlInput): string {
  const { model, analysis } = input;
  const title = `Threat model: ${model.system?.name ?? model.files[0] ?? 'model'}`;
  const diagrams = toMermaidDiagrams(model, { findings: analysis.findings });
  const option = (value: string) => `<option value="${value}">${value}</option>`;
  const s = analysis.summary;
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
details.diagram > summary { cursor: pointer; font-weight: 600; }
pre.mermaid-source { display: none; }
</style>
</head>
<body>
<h1>${html(title)}</h1>
<p>${s.open} open findings, ${s.mitigated} mitigated, ${s.planned} planned, ${s.accepted} accepted, ${s.dismissed} dismissed. Catalog ${html(input.catalog.version)}.</p>
<noscript><p>This report draws its diagrams and findings with JavaScript; open it in a browser with scripts allowed.</p></noscript>
<h2>Diagram</h2>
${diagrams.length > 1 ? `<p>The model is too large for one Mermaid diagram: an overview and ${diagrams.length - 1} parts, each drawn when opened.</p>\n` : ''}${diagrams
    .map((d, i) => `<details class="diagram"${i === 0 ? ' open' : ''}><summary>${html(d.title)}</summary>\n<pre class="mermaid-source">${html(d.text)}</pre>\n<div class="mermaid-out"></div>\n</details>`)
    .join('\n')}
<h2>Findings</h2>
<p><label>Severity <select id="severity"><option value="">all</option>${[...severities].reverse().map(option).join('')}</select></label>
<label>Status <select id="status"><option value="">all</option>${['open', 'mitigated', 'planned', 'accepted', 'dismissed'].map(option).join('')}</select></label></p>
<table id="findings">
<thead><tr><th>Severity</th><th>Status</th><th>Threat</th><th>Target</th><th>Evidence</th></tr></thead>
<tbody></tbody>
</table>
<p id="pages"><button type="button" id="previous">Previous</button> <span id="page"></span> <button type="button" id="next">Next</button></p>
<h2>Details</h2>
<div id="details"></div>
<script type="application/json" id="aitm-findings">${jsonData(analysis.findings.map(findingData))}</script>
<script>${inlineScript(input.mermaidScript)}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}

/** What the page shows of a finding, as plain data: the page writes every string as text. */
function findingData(f: Finding) {
  const refs = referenceIds(f.references);
  return {
    id: `f-${f.fingerprint}`,
    severity: f.severity,
    status: f.status,
    title: f.title,
    threat: f.threat,
    target: f.target.label,
    targetKind: f.target.kind,
    targetId: f.target.id,
    at: `${f.target.span.file}:${f.target.span.line}`,
    reason: f.statusReason,
    why: f.explanation,
    evidence: f.evidence.path.map((step) => step.label),
    missing: f.missingMitigations.map((m) => ({ controls: m.controls, guidance: m.guidance })),
    references: refs,
  };
}

/**
 * The page's own script. It builds rows and details with createElement and textContent only, so
 * that nothing from a model or a catalog is ever parsed as HTML, and draws diagrams with mermaid at
 * the strict security level when their section opens.
 */
const pageScript = `
(function () {
  var findings = JSON.parse(document.getElementById('aitm-findings').textContent);
  var perPage = ${findingsPerPage};
  var severity = document.getElementById('severity');
  var status = document.getElementById('status');
  var body = document.querySelector('#findings tbody');
  var details = document.getElementById('details');
  var pageLabel = document.getElementById('page');
  var previous = document.getElementById('previous');
  var next = document.getElementById('next');
  var page = 0;
  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }
  function code(text) { return el('code', text); }
  function shown() {
    return findings.filter(function (f) {
      return (!severity.value || f.severity === severity.value) && (!status.value || f.status === status.value);
    });
  }
  function row(f) {
    var tr = el('tr');
    tr.setAttribute('data-severity', f.severity);
    tr.setAttribute('data-status', f.status);
    tr.appendChild(el('td', f.severity, 'sev-' + f.severity));
    tr.appendChild(el('td', f.status));
    var threat = el('td');
    var link = el('a', f.title);
    link.href = '#' + f.id;
    threat.appendChild(link);
    threat.appendChild(el('br'));
    threat.appendChild(code(f.threat));
    tr.appendChild(threat);
    tr.appendChild(el('td', f.target));
    tr.appendChild(el('td', f.evidence.join(' \\u2192 ')));
    return tr;
  }
  function detail(f) {
    var d = el('details');
    d.id = f.id;
    var summary = el('summary');
    summary.appendChild(el('span', f.severity, 'sev-' + f.severity));
    summary.appendChild(document.createTextNode(' ' + f.title + ' \\u2014 ' + f.target + ' (' + f.status + ')'));
    d.appendChild(summary);
    var where = el('p');
    where.appendChild(code(f.threat));
    where.appendChild(document.createTextNode(' on ' + f.targetKind + ' '));
    where.appendChild(code(f.targetId));
    where.appendChild(document.createTextNode(' at ' + f.at + '. ' + f.reason + '.'));
    d.appendChild(where);
    d.appendChild(el('p', 'Why: ' + f.why));
    d.appendChild(el('p', 'Evidence: ' + f.evidence.join(' \\u2192 ')));
    if (f.missing.length) {
      d.appendChild(el('p', 'Missing mitigations:'));
      var list = el('ul');
      f.missing.forEach(function (m) {
        var item = el('li');
        m.controls.forEach(function (c, i) {
          if (i) item.appendChild(document.createTextNode(' + '));
          item.appendChild(code(c));
        });
        item.appendChild(document.createTextNode(': ' + m.guidance));
        list.appendChild(item);
      });
      d.appendChild(list);
    }
    d.appendChild(el('p', 'References: ' + f.references.join(', ')));
    return d;
  }
  function draw() {
    var list = shown();
    var pages = Math.max(1, Math.ceil(list.length / perPage));
    page = Math.min(page, pages - 1);
    var slice = list.slice(page * perPage, (page + 1) * perPage);
    body.replaceChildren.apply(body, slice.map(row));
    details.replaceChildren.apply(details, slice.map(detail));
    pageLabel.textContent = list.length === 0 ? 'no findings' : 'findings ' + (page * perPage + 1) + '\\u2013' + (page * perPage + slice.length) + ' of ' + list.length + ' (page ' + (page + 1) + ' of ' + pages + ')';
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  severity.addEventListener('change', function () { page = 0; draw(); });
  status.addEventListener('change', function () { page = 0; draw(); });
  previous.addEventListener('click', function () { page--; draw(); });
  next.addEventListener('click', function () { page++; draw(); });
  draw();

  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', deterministicIds: true });
  var drawn = 0;
  function render(section) {
    if (section.getAttribute('data-drawn')) return Promise.resolve();
    section.setAttribute('data-drawn', 'yes');
    var source = section.querySelector('pre.mermaid-source').textContent;
    var out = section.querySelector('.mermaid-out');
    return mermaid.render('diagram-' + drawn++, source).then(function (result) {
      // mermaid's own output, made from escaped labels at the strict security level.
      out.innerHTML = result.svg;
    });
  }
  var sections = document.querySelectorAll('details.diagram');
  var first = [];
  for (var i = 0; i < sections.length; i++) {
    (function (section) {
      section.addEventListener('toggle', function () { if (section.open) render(section); });
      if (section.open) first.push(render(section));
    })(sections[i]);
  }
  Promise.all(first).then(function () { document.body.setAttribute('data-rendered', 'yes'); });
})();
`;
