// @vitest-environment jsdom
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/node/load.js';
import { attackPathMermaid, mermaidLimits, toMermaid, toMermaidDiagrams } from '../../src/render/mermaid.js';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { severities } from '../../src/engine/severity.js';

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

  it('joins two elements that follow each other in a path (an agent and its memory) with a dotted edge (found by fuzzing: an edge went to a node `undefined`)', async () => {
    const { model } = parse(
      'system "S" { owner: "o" }\ndata key { kind: credentials, classification: restricted }\nboundary b { trust: internal\n  store mem "Memory" { holds: [key] }\n  agent bot "Bot" { memory: mem }\n  service svc "Svc" { type: notebook }\n}\nflow bot -> svc "calls"\n',
    );
    const finding = analyze(model, { asOf: '2026-11-27' }).findings.find((f) => f.evidence.path.map((s) => s.id).join(' ') === 'mem bot bot->svc svc')!;
    const text = attackPathMermaid(finding);
    const { vertices, edges } = await parsed(text);
    expect([...vertices.values()].map((v) => decode(v.text))).toEqual(['Memory', 'Bot', 'Svc']);
    expect(edges.map((e) => [e.start, e.end, e.stroke, decode(e.text)])).toEqual([
      ['p0', 'p1', 'dotted', ''],
      ['p1', 'p2', 'normal', 'calls'],
    ]);
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
    expect(diagrams[0]!.text).toContain('b0 -->|"150 flows"| b1');
    expect(toMermaidDiagrams(load('examples/agent-with-tools.aitm').model)).toHaveLength(1);
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
