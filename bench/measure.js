// Measures each stage on one model size in this process (medians of warm runs) and prints JSON.
// Run by bench/run.js:   node bench/measure.js <elements> <plain|dense>
import { parse } from '../dist/compile.js';
import { analyze, prepareCatalog } from '../dist/engine/analyze.js';
import { toMarkdown } from '../dist/render/markdown.js';
import { toMermaidDiagrams } from '../dist/render/mermaid.js';
import { toSarif } from '../dist/render/sarif.js';
import { SourceFile } from '../dist/source/source-file.js';
import { FileLexer, tokenize } from '../dist/syntax/lexer.js';
import { pieceSize } from '../dist/syntax/parse-source.js';
import { parseTokens } from '../dist/syntax/parser.js';
import { AstFactory } from '../dist/syntax/ast-factory.js';
import { resolve } from '../dist/semantics/resolve.js';
import { buildGraph } from '../dist/graph/build.js';
import { deriveFacts } from '../dist/graph/facts.js';
import { generateModel } from './generate.js';

const elements = Number(process.argv[2]);
const dense = process.argv[3] === 'dense';
const text = generateModel(elements, { dense });
const runs = text.length > 5e6 ? 5 : text.length > 1e6 ? 7 : 11;
const catalog = prepareCatalog();

/** Parse to SARIF: a check in a running process. */
function endToEnd() {
  const r = parse(text, { file: 'bench.aitm' });
  const a = analyze(r.model, { catalog, asOf: '2026-11-27' });
  return toSarif({ analyses: [{ file: 'bench.aitm', analysis: a }], catalog: catalog.catalog });
}

function time(fn) {
  const samples = [];
  let value;
  // Untimed runs first (at least three, and at least half a second: small inputs need many runs
  // before V8 optimises them), so that what is timed is the optimised code, not the JIT warming up;
  // bench/run.js measures that case with whole `aitm check` processes.
  for (let i = 0, start = performance.now(); i < 3 || performance.now() - start < 500; i++) value = fn();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], value };
}

// Each stage, letting go of what the next one does not need, so that no stage is timed with the
// previous stages' results kept alive; end to end last, once the JIT has seen every stage.
const source = new SourceFile('bench.aitm', text);
// Lexing as the pipeline does it, in pieces whose tokens are let go as it goes: the floor.
const lexMs = time(() => {
  let tokens = 0;
  for (const piece of new FileLexer(source).pieces(pieceSize)) tokens += piece.length;
  return tokens;
}).ms;
// The parser's own work, over the whole file's tokens made beforehand.
let tokens = tokenize(source).tokens;
let syntax = time(() => parseTokens(tokens, new AstFactory(source, [])));
tokens = undefined;
let ast = { file: 'bench.aitm', source, statements: syntax.value.statements, comments: [] };
const parseMs = syntax.ms;
syntax = undefined;
const resolveMs = time(() => resolve([ast])).ms;
ast = undefined;
const load = time(() => parse(text, { file: 'bench.aitm' }));
const model = load.value.model;
const graph = time(() => deriveFacts(buildGraph(model)));
const analysis = time(() => analyze(model, { catalog, asOf: '2026-11-27' }));
const mermaid = time(() => toMermaidDiagrams(model, { findings: analysis.value.findings }));
const markdown = time(() => toMarkdown({ model, analysis: analysis.value, catalog: catalog.catalog, sources: load.value.sources }));
const sarif = time(() => toSarif({ analyses: [{ file: 'bench.aitm', analysis: analysis.value }], catalog: catalog.catalog }));
const counts = { flows: model.flows.length, findings: analysis.value.findings.length, errors: load.value.diagnostics.filter((d) => d.severity === 'error').length };
for (const stage of [load, analysis, graph, mermaid, markdown, sarif]) stage.value = undefined;
const warm = time(endToEnd);
process.stdout.write(
  JSON.stringify({
    elements,
    flows: counts.flows,
    bytes: Buffer.byteLength(text),
    findings: counts.findings,
    errors: counts.errors,
    lex: lexMs,
    parse: parseMs,
    resolve: resolveMs,
    graph: graph.ms,
    load: load.ms,
    analyze: analysis.ms,
    mermaid: mermaid.ms,
    markdown: markdown.ms,
    sarif: sarif.ms,
    endToEnd: warm.ms,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
