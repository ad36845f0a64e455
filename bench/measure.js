// Measures one model size in this process and prints JSON. Run by bench/run.js.
//   node bench/measure.js <elements> <plain|dense|typos> stages  each stage, median of several warm runs
//   node bench/measure.js <elements> <plain|dense|typos> once    one end-to-end pass in a fresh process:
//                                                                what `aitm report` pays, and its peak memory
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
// `typos`: the plain model plus 200 flows between ids that do not exist, each reported with a suggestion.
const unknownReferences = process.argv[3] === 'typos' ? 200 : 0;
const mode = process.argv[4] ?? 'stages';
const text = generateModel(elements, { dense, unknownReferences });
const runs = text.length > 5e6 ? 5 : text.length > 1e6 ? 7 : 11;
const catalog = prepareCatalog();

function endToEnd() {
  const r = parse(text, { file: 'bench.aitm' });
  const a = analyze(r.model, { catalog, asOf: '2026-11-27' });
  return toSarif({ analyses: [{ file: 'bench.aitm', analysis: a }], catalog: catalog.catalog });
}

if (mode === 'once') {
  const start = performance.now();
  endToEnd();
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ once: ms, onceRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

function time(fn) {
  const samples = [];
  let value;
  // Untimed runs first (at least three, and at least half a second: small inputs need many runs
  // before V8 optimises them), so that what is timed is the optimised code, not the JIT warming up;
  // the `once` mode measures that case.
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
