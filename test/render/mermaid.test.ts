// @vitest-environment jsdom
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/node/load.js';
import { attackPathMermaid, mermaidLimits, toMermaid, toMermaidDiagrams } from '../../src/render/mermaid.js';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { severities } from '../../src/engine/severity.js';
import type { EvidenceStep, Finding } from '../../src/engine/finding.js';
import { generateModel } from '../../bench/generate.js';

type Mermaid = typeof import('mermaid').default;
let mermaid: Mermaid;

beforeAll(async () => {
  mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
});

const files = [...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`), 'test/render/fixtures/hostile-labels.aitm'];

/** What Mermaid's own parser makes of a diagram: node labels by id, and edge labels. */
async function parsed(text: string) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getVertices(): Map<string, { text: string }>; getEdges(): { text: string; start: string; end: string; stroke: string }[]; getSubGraphs(): { title: string }[] };
  return { vertices: db.getVertices(), edges: db.getEdges(), subgraphs: db.getSubGraphs() };
}

/**
 * Mermaid's parser keeps `#NNN;` codes as placeholders (ﬂ°°NNN¶ß) and decodes them when it renders;
 * decode them the same way to compare with what the author wrote.
 */
const decode = (text: string) => text.replace(/ﬂ°°(\d+)¶ß|#(\d+);/g, (_, a: string, b: string) => String.fromCharCode(Number(a ?? b)));

describe('toMermaid', () => {
  it.each(files)('%s parses with the real mermaid parser, and labels read back as written', async (file) => {
    const { model, ok } = load(file);
    expect(ok).toBe(true);
    const text = toMermaid(model);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
    const { vertices, subgraphs, edges } = await parsed(text);
    const dataLabel = new Map(model.data.map((d) => [d.id, d.label]));
    expect(edges.map((e) => decode(e.text))).toEqual(
      model.flows.map((f) => (f.carries.length ? f.carries.map((d) => dataLabel.get(d)).join(', ') : (f.label ?? ''))),
    );
    const labels = [...vertices.values()].map((v) => decode(v.text)).sort();
    expect(labels).toEqual(model.elements.map((e) => e.label).sort());
    expect(subgraphs.map((s) => decode(s.title)).sort()).toEqual(model.boundaries.map((b) => `${b.label} (${b.trust})`).sort());
  });

  it('colours elements by their most severe open finding, with a legend, and still parses', async () => {
    const { model } = load('examples/rag-support-assistant.aitm');
    const findings = analyze(model, { asOf: '2026-11-27' }).findings;
    const text = toMermaid(model, { findings });
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
    const { vertices } = await parsed(text);
    const worstOf = (id: string) =>
      findings.filter((f) => f.status === 'open' && f.target.id === id).sort((a, b) => severities.indexOf(b.severity) - severities.indexOf(a.severity))[0]?.severity;
    const byLabel = new Map([...vertices.values()].map((v) => [decode(v.text), (v as unknown as { classes: string[] }).classes]));
    for (const element of model.elements) {
      const expected = worstOf(element.id);
      expect(byLabel.get(element.label), element.id).toEqual(expected ? [expected] : []);
    }
    expect(byLabel.get('critical')).toEqual(['critical']);
  });

  it('colours only what a focused diagram draws', async () => {
    const { model } = load('examples/rag-support-assistant.aitm');
    const findings = analyze(model, { asOf: '2026-11-27' }).findings;
    const text = toMermaid(model, { findings, focus: 'ratings' });
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
    for (const line of text.split('\n').filter((l) => l.trimStart().startsWith('class '))) {
      expect(line).toMatch(/^  class ([nl]\d+)(,[nl]\d+)* (critical|high|medium|low)$/);
    }
  });

  it('draws each finding\'s attack path, which parses', async () => {
    for (const file of files) {
      const { model } = load(file);
      for (const finding of analyze(model, { asOf: '2026-11-27' }).findings) {
        const text = attackPathMermaid(finding);
        await expect(mermaid.parse(text)).resolves.toBeTruthy();
        const { vertices } = await parsed(text);
        expect([...vertices.values()].map((v) => decode(v.text))).toEqual(
          [...new Set([...finding.evidence.path.filter((s) => s.type === 'element').map((s) => s.label), ...(finding.target.type === 'element' ? [finding.target.label] : [])])],
        );
      }
    }
  });

  it('joins two elements that follow each other in a path (a model and what it was trained on) with a dotted edge (found by fuzzing: an edge went to a node `undefined`)', async () => {
    const { model } = parse(
      'system "S" { owner: "o" }\nboundary b { trust: internal\n  dataset web "Web crawl" { source: [public_web] }\n  model m "Model" { type: llm, trained_on: [web] }\n}\n',
    );
    const finding = analyze(model, { asOf: '2026-11-27' }).findings.find((f) => f.threat === 'data-poisoning.public-web')!;
    expect(finding.evidence.path.map((s) => s.id)).toEqual(['web', 'm']);
    const text = attackPathMermaid(finding);
    const { vertices, edges } = await parsed(text);
    expect([...vertices.values()].map((v) => decode(v.text))).toEqual(['Web crawl', 'Model']);
    expect(edges.map((e) => [e.start, e.end, e.stroke, decode(e.text)])).toEqual([['p0', 'p1', 'dotted', '']]);
  });

  it('focuses on one element and its neighbours, or one boundary', async () => {
    const { model } = load('examples/rag-support-assistant.aitm');
    const focus = 'crm';
    const neighbours = new Set([focus, ...model.flows.flatMap((f) => (f.source === focus ? [f.target] : f.target === focus ? [f.source] : []))]);
    const focused = await parsed(toMermaid(model, { focus }));
    expect([...focused.vertices.values()].map((v) => decode(v.text)).sort()).toEqual(model.elements.filter((e) => neighbours.has(e.id)).map((e) => e.label).sort());
    const edge = await parsed(toMermaid(model, { boundary: 'edge' }));
    expect([...edge.vertices.values()].map((v) => decode(v.text)).sort()).toEqual(['Chat API', 'Chat widget']);
  });

  it('splits a model over Mermaid\'s limits into an overview and one diagram per top-level boundary, each within the limits', async () => {
    const lines = ['system "Big" {}'];
    for (let b = 0; b < 4; b++) {
      lines.push(`boundary z${b} { trust: internal`);
      for (let i = 0; i < 150; i++) lines.push(`  service s${b}_${i}`);
      lines.push(`  boundary z${b}_inner { service deep${b} }`, '}');
    }
    for (let b = 0; b < 4; b++) for (let i = 0; i < 150; i++) lines.push(`flow s${b}_${i} -> s${(b + 1) % 4}_${(i * 7) % 150}`, `flow s${b}_${i} -> s${b}_${(i + 1) % 150}`);
    const big = parse(lines.join('\n')).model;
    expect(big.flows.length).toBe(1200);
    const diagrams = toMermaidDiagrams(big);
    // Each part is what `--boundary` on that boundary draws (split in one pass, not one per part).
    diagrams.slice(1).forEach((d, b) => expect(d.text).toBe(toMermaid(big, { boundary: `z${b}` })));
    expect(diagrams[1]!.text).toMatch(/z0_inner[^]*deep0/);
    expect(diagrams.map((d) => d.title)).toEqual(['Overview of the top-level boundaries', 'z0 (internal)', 'z1 (internal)', 'z2 (internal)', 'z3 (internal)']);
    for (const d of diagrams) {
      expect(d.text.length).toBeLessThanOrEqual(mermaidLimits.maxTextSize);
      expect((d.text.match(/-->/g) ?? []).length).toBeLessThanOrEqual(mermaidLimits.maxEdges);
      await expect(mermaid.parse(d.text)).resolves.toBeTruthy();
    }
    expect(diagrams[0]!.text).toContain('  g0["z0 #40;internal#41;#58; 151 elements"]');
    expect(diagrams[0]!.text).toContain('g0 -->|"150 flows"| g1');
    expect(toMermaidDiagrams(load('examples/agent-with-tools.aitm').model)).toHaveLength(1);
    // The single-diagram API never returns what renderers refuse either: past the limits, the overview.
    expect(toMermaid(big)).toBe(diagrams[0]!.text);
  });

  /** Every diagram within the limits, and accepted by Mermaid's parser. */
  async function expectDrawable(diagrams: readonly { text: string }[]) {
    for (const d of diagrams) {
      expect(d.text.length).toBeLessThanOrEqual(mermaidLimits.maxTextSize);
      expect((d.text.match(/-->|-\.->/g) ?? []).length).toBeLessThanOrEqual(mermaidLimits.maxEdges);
      expect((d.text.match(/^ +[ngpl]\d+[[({>/]/gm) ?? []).length).toBeLessThanOrEqual(mermaidLimits.maxNodes);
      await expect(mermaid.parse(d.text)).resolves.toBeTruthy();
    }
  }

  /** The overview's groups: each node's label, and the element counts they add up to. */
  function groups(text: string) {
    const labels = [...text.matchAll(/^ {2}g\d+\["(.*)"\]$/gm)].map((m) => decode(m[1]!));
    return { labels, elements: labels.reduce((n, l) => n + Number(/([\d,]+) elements?$/.exec(l)![1]!.replace(/,/g, '')), 0) };
  }

  it('collapses the overview of a 2,000-element model to its boundaries with counts, every part within the limits', async () => {
    const model = parse(generateModel(2000), { file: 'bench.aitm' }).model;
    const diagrams = toMermaidDiagrams(model, { findings: analyze(model, { asOf: '2026-11-27' }).findings });
    const overview = diagrams[0]!;
    // 40 top-level boundaries joined by flows in more pairs than Mermaid draws: grouped by trust level.
    expect(overview.title).toBe('Overview by trust level');
    const { labels, elements } = groups(overview.text);
    expect(elements).toBe(2000);
    expect(labels).toContain('8 untrusted boundaries: 400 elements');
    expect(diagrams).toHaveLength(1 + 40);
    await expectDrawable(diagrams);
  });

  it('groups elements outside every boundary by kind in the overview, and draws them in a part of their own', async () => {
    const lines = ['system "Loose" {}'];
    for (let i = 0; i < 450; i++) lines.push(`service s${i}`, `store d${i}`, `flow s${i} -> d${i}`);
    lines.push('boundary app { trust: internal', '  service inside', '}', 'flow s0 -> inside');
    const model = parse(lines.join('\n')).model;
    const diagrams = toMermaidDiagrams(model);
    expect(diagrams.map((d) => d.title)).toEqual(['Overview of the top-level boundaries', 'app (internal)', 'Outside any trust boundary']);
    expect(groups(diagrams[0]!.text).labels).toEqual(['services outside any boundary: 450 elements', 'stores outside any boundary: 450 elements', 'app (internal): 1 element']);
    // 900 elements are more than one diagram holds: the part is a note that says how to draw it.
    expect(decode(diagrams[2]!.text)).toContain('Outside any trust boundary: 900 elements and 450 flows are more than a Mermaid diagram can show');
    await expectDrawable(diagrams);
  });

  it('keeps within the limits whatever the labels: long ones, and ones made of characters that escape long', async () => {
    const label = '#<>'.repeat(3300);
    const lines = ['system "Wordy" {}'];
    for (let b = 0; b < 3; b++) lines.push(`boundary b${b} "${label}" { trust: internal`, `  service s${b} "${label}"`, '}');
    lines.push('flow s0 -> s1', 'flow s1 -> s2');
    const diagrams = toMermaidDiagrams(parse(lines.join('\n')).model);
    expect(diagrams.length).toBeGreaterThan(1);
    await expectDrawable(diagrams);
  });

  it('draws a long attack path as its first and last hops, with the elements between counted', async () => {
    const step = (i: number): EvidenceStep => ({ type: i % 2 ? 'flow' : 'element', id: `x${i}`, label: `step ${i}`, span: { file: 'f', offset: 0, length: 0, line: 1, column: 1, endLine: 1, endColumn: 1 } });
    const path = Array.from({ length: 1201 }, (_, i) => step(i));
    const finding = { evidence: { path }, target: { type: 'element', id: 'x1200', label: 'step 1200' }, severity: 'high' } as unknown as Finding;
    const text = attackPathMermaid(finding);
    await expectDrawable([{ text }]);
    const { vertices } = await parsed(text);
    expect([...vertices.values()].map((v) => decode(v.text))).toEqual(['step 0', 'step 2', 'step 4', 'step 6', '… 593 more elements …', 'step 1194', 'step 1196', 'step 1198', 'step 1200']);
    const short = { ...finding, evidence: { path: path.slice(0, 5) }, target: { type: 'element', id: 'x4', label: 'step 4' } } as unknown as Finding;
    expect(attackPathMermaid(short)).not.toContain('more element');
  });

  it('never emits user ids, directives or clicks', () => {
    const { model } = load('test/render/fixtures/hostile-labels.aitm');
    const text = toMermaid(model);
    expect(text).not.toMatch(/%%\{|^\s*click\b|<script|<img/m);
    for (const line of text.split('\n').slice(1)) expect(line).toMatch(/^\s*(subgraph (b\d+|legend)\[|end$|[nl]\d+|classDef |class |$)/);
  });

  // The exact bytes matter (the diagram is pasted into docs); review the snapshot when it changes.
  it('matches the reviewed snapshot for the agent example, with the threat overlay', async () => {
    const { model } = load('examples/agent-with-tools.aitm');
    await expect(toMermaid(model, { findings: analyze(model, { asOf: '2026-11-27' }).findings })).toMatchFileSnapshot('./snapshots/agent-with-tools.mmd');
  });

  it('is byte-identical run to run', () => {
    const { model } = load('examples/agent-with-tools.aitm');
    expect(toMermaid(model)).toBe(toMermaid(model));
  });
});
