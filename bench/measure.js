// Measures one model size in this process and prints JSON. Run by bench/run.js.
import { parse } from '../dist/compile.js';
import { analyze, prepareCatalog } from '../dist/engine/analyze.js';
import { toMarkdown } from '../dist/render/markdown.js';
import { toMermaidDiagrams } from '../dist/render/mermaid.js';
import { toSarif } from '../dist/render/sarif.js';
import { SourceFile } from '../dist/source/source-file.js';
import { tokenize } from '../dist/syntax/lexer.js';
import { parseTokens } from '../dist/syntax/parser.js';
import { generateModel } from './generate.js';

const elements = Number(process.argv[2]);
const dense = process.argv[3] === 'dense';
const text = generateModel(elements, { dense });
const runs = elements >= 50000 ? 3 : elements >= 10000 ? 5 : 9;
const catalog = prepareCatalog();

function time(fn) {
  const samples = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], value };
}

const lex = time(() => tokenize(new SourceFile('bench.aitm', text)));
const cst = time(() => parseTokens(lex.value.tokens));
const load = time(() => parse(text, { file: 'bench.aitm' }));
const model = load.value.model;
const analysis = time(() => analyze(model, { catalog, asOf: '2026-11-27' }));
const mermaid = time(() => toMermaidDiagrams(model, { findings: analysis.value.findings }));
const markdown = time(() => toMarkdown({ model, analysis: analysis.value, catalog: catalog.catalog, sources: load.value.sources }));
const sarif = time(() => toSarif({ analyses: [{ file: 'bench.aitm', analysis: analysis.value }], catalog: catalog.catalog }));
const endToEnd = time(() => {
  const r = parse(text, { file: 'bench.aitm' });
  const a = analyze(r.model, { catalog, asOf: '2026-11-27' });
  return toSarif({ analyses: [{ file: 'bench.aitm', analysis: a }], catalog: catalog.catalog });
});
process.stdout.write(
  JSON.stringify({
    elements,
    flows: model.flows.length,
    bytes: Buffer.byteLength(text),
    findings: analysis.value.findings.length,
    errors: load.value.diagnostics.filter((d) => d.severity === 'error').length,
    lex: lex.ms,
    parse: cst.ms,
    load: load.ms,
    analyze: analysis.ms,
    mermaid: mermaid.ms,
    markdown: markdown.ms,
    sarif: sarif.ms,
    endToEnd: endToEnd.ms,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
