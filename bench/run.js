// The benchmark: `npm run bench` (builds first); `npm run bench -- --quick` for a short run.
// Each size runs in its own processes: one measures every stage (medians of warm runs); whole
// `aitm` processes measure what a user or a CI job waits for, and peak memory. The language server,
// the import, the portfolio and the HTML report are measured through the real CLI as users run it.
// Results go to stdout and docs/performance.md, each figure beside its target.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModel } from './generate.js';
import { runAitm, timeAitm } from './process.js';

const quick = process.argv.includes('--quick');
const plain = quick ? [100, 1000] : [100, 1000, 10000, 50000, 100000];
const dense = quick ? [1000] : [1000, 2000];
// Growth end to end, the two sizes run in turn in one process (bench/scaling.js), and the dense
// case's analysis at 25,000, 99,000 and 395,000 flows.
const growthSizes = quick ? [1000, 10000] : [10000, 100000];
const linearitySizes = quick ? [500, 1000] : [1000, 2000, 4000];
// The portfolio: many independent models, one after another and on worker threads.
const portfolio = quick ? { models: 20, elements: 500 } : { models: 100, elements: 1000 };
const asOf = ['--as-of', '2026-11-27'];
const cases = [
  ...plain.map((n) => ({ name: `${n}`, elements: n, dense: false })),
  ...dense.map((n) => ({ name: `dense ${n}`, elements: n, dense: true })),
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-bench-'));
const modelFile = (n, options = {}) => {
  const file = path.join(dir, `${options.unknownReferences ? 'typos' : 'plain'}-${n}.aitm`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, generateModel(n, options));
  return file;
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const measure = (c) => JSON.parse(execFileSync(process.execPath, ['bench/measure.js', String(c.elements), c.dense ? 'dense' : 'plain'], { encoding: 'utf8', maxBuffer: 1 << 24 }));
const scaling = (variant, sizes) => JSON.parse(execFileSync(process.execPath, ['bench/scaling.js', variant, ...sizes.map(String)], { encoding: 'utf8' }));

// On a shared virtual machine the same measurement varies by up to half from one minute to the
// next. So everything is measured in two passes over all cases, minutes apart: cold start is the
// median of both passes' runs, a fresh-process figure the median of both passes' processes, and
// each warm stage the lower of its two medians (noise only ever adds time).
const passes = quick ? 1 : 2;
const cold = [];
const stageRuns = new Map(cases.map((c) => [c.name, []]));
const checkRuns = new Map(plain.map((n) => [n, []]));
const growthRuns = [];
const linearityRuns = [];
for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < 15; i++) cold.push(runAitm(['check', ...asOf, 'examples/rag-support-assistant.aitm']).ms);
  for (const c of cases) {
    // The largest model's stages are measured once: a pass of them takes minutes.
    if (c.elements < 100000 || pass === 0) stageRuns.get(c.name).push(measure(c));
    if (!c.dense) {
      const processes = Math.ceil((c.elements >= 50000 ? 4 : 6) / passes);
      for (let i = 0; i < processes; i++) checkRuns.get(c.elements).push(runAitm(['check', ...asOf, modelFile(c.elements)]));
    }
    console.log(`pass ${pass + 1}: ${c.name}`);
  }
  growthRuns.push(scaling('plain', growthSizes));
  linearityRuns.push(scaling('dense', linearitySizes));
  console.log(`pass ${pass + 1}: growth`);
}
const coldStart = median(cold);
console.log(`CLI cold start (aitm check on an example, median of ${cold.length}): ${coldStart.toFixed(0)} ms`);

const timings = ['lex', 'parse', 'resolve', 'graph', 'load', 'analyze', 'mermaid', 'markdown', 'sarif', 'endToEnd'];
const results = [];
for (const c of cases) {
  const runs = stageRuns.get(c.name);
  const stages = { ...runs[0], ...Object.fromEntries(timings.map((key) => [key, Math.min(...runs.map((run) => run[key]))])) };
  const checks = checkRuns.get(c.elements);
  const check = !c.dense ? { check: median(checks.map((p) => p.ms)), checkRssMb: Math.max(...checks.map((p) => p.rssMb)), checkProcesses: checks.length } : {};
  const r = { ...c, ...stages, ...check };
  results.push(r);
  console.log(`${c.name.padStart(10)}: end to end ${r.endToEnd.toFixed(0)} ms warm${c.dense ? '' : `, aitm check ${r.check.toFixed(0)} ms in a fresh process, peak ${r.checkRssMb} MB`}`);
}

// A model just after a rename: 200 references to ids that no longer exist, each reported with a
// "did you mean" found among every id of the model (exit code 2: the model has errors).
const typos = timeAitm(['check', ...asOf, modelFile(10000, { unknownReferences: 200 })], 5, { expect: [2] });
console.log(`10000 with 200 unknown ids: ${typos.ms.toFixed(0)} ms in a fresh process`);

// The editor (issue #16): one-character edits to a 10,000-element file, and requests on it, through the real language server.
const lspElements = quick ? 1000 : 10000;
const lsp = JSON.parse(execFileSync(process.execPath, ['bench/lsp.js', String(lspElements)], { encoding: 'utf8' }));
console.log(`language server on ${lspElements} elements: label edit ${lsp.label.median.toFixed(0)} ms, model edit ${lsp.semantic.median.toFixed(0)} ms, hover ${lsp.hover.toFixed(1)} ms`);

// Import (issue #16): the OTM document aitm exports for a 10,000-element model, 20 MB, read back.
const importElements = quick ? 2000 : 10000;
const otm = path.join(dir, 'model.otm.json');
runAitm(['export', '--format', 'otm', ...asOf, '-o', otm, modelFile(importElements)]);
const otmBytes = fs.statSync(otm).size;
const imported = timeAitm(['import', '-o', path.join(dir, 'imported.aitm'), otm], 5);
console.log(`aitm import of a ${(otmBytes / 1e6).toFixed(1)} MB OTM document: ${imported.ms.toFixed(0)} ms, peak ${imported.rssMb} MB`);

// The portfolio (issue #16): a folder of independent models, checked one after another and on worker threads.
const folder = path.join(dir, 'portfolio');
fs.mkdirSync(folder);
for (let i = 0; i < portfolio.models; i++) fs.writeFileSync(path.join(folder, `model-${String(i).padStart(3, '0')}.aitm`), generateModel(portfolio.elements, { seed: 1000 + i }));
const threads = os.availableParallelism();
const sequential = timeAitm(['check', ...asOf, '--jobs', '1', folder], 3);
const parallel = timeAitm(['check', ...asOf, '--jobs', String(threads), folder], 3);
const speedup = sequential.ms / parallel.ms;
console.log(`portfolio of ${portfolio.models} × ${portfolio.elements}: ${sequential.ms.toFixed(0)} ms one after another, ${parallel.ms.toFixed(0)} ms on ${threads} threads (${speedup.toFixed(2)}×)`);

// The HTML report of a large model, opened in Chromium (issue #18): median of three openings.
const htmlElements = quick ? 2000 : 50000;
const html = JSON.parse(execFileSync(process.execPath, ['bench/html.js', String(htmlElements), '3'], { encoding: 'utf8' }));
const htmlOpen = html.times ? median(html.times.map((t) => t.usable)) : undefined;
console.log(html.skipped ? `HTML report: skipped, ${html.skipped}` : `HTML report of ${htmlElements} elements (${(html.bytes / 1e6).toFixed(1)} MB) usable in Chromium after ${htmlOpen.toFixed(0)} ms (median of ${html.times.length})`);
fs.rmSync(dir, { recursive: true, force: true });

const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));
const thousands = (n) => n.toLocaleString('en');
const at = (elements) => results.find((r) => r.name === `${elements}`);

const stageRows = results.map(
  (r) =>
    `| ${r.name} | ${thousands(r.flows)} | ${(r.bytes / 1e6).toFixed(2)} | ${ms(r.lex)} | ${ms(r.parse)} | ${ms(r.resolve)} | ${ms(r.graph)} | ${ms(r.analyze)} | ${ms(r.mermaid)} | ${ms(r.markdown)} | ${ms(r.sarif)} | **${ms(r.endToEnd)}** | ${thousands(Math.round(r.elements / (r.endToEnd / 1000)))} |`,
);
const checkRows = results.filter((r) => !r.dense).map((r) => `| ${r.name} | ${ms(r.check)} | ${r.checkRssMb} |`);
checkRows.push(`| 10000, plus 200 references to undeclared ids | ${ms(typos.ms)} | ${typos.rssMb} |`);

/** A table of targets: what, the measurement that decides it, and whether it held (undefined: cannot be judged here). */
function targetTable() {
  const rows = [];
  const add = (what, measured, ok, why = 'not measured (quick run)') => rows.push(`| ${what} | ${measured} | ${ok === undefined ? why : ok ? 'met' : '**missed**'} |`);
  return { add, text: () => rows.join('\n') };
}
// Quick runs use smaller sizes than the targets name: they are shown, not judged.
const judged = (ok) => (quick ? undefined : ok);
const growth = median(growthRuns.map((run) => run.at(-1).timeRatio));
const growthRun = growthRuns.find((run) => run.at(-1).timeRatio === growth);
const worstPerEdge = (run) => Math.max(...run.map((r) => r.perUnitRatio));
const linearity = median(linearityRuns.map(worstPerEdge));
const linearityRun = linearityRuns.find((run) => worstPerEdge(run) === linearity);
const k10 = at(10000);
const k50 = at(50000);
const k100 = at(100000);

// Issue #16: what users wait for.
const current = targetTable();
current.add(
  `language server, ${thousands(lspElements)}-element file: one-character edit to published diagnostics < 100 ms (typing in a label)`,
  `${ms(lsp.label.median)} ms median, slowest ${ms(lsp.label.max)} ms of ${lsp.label.count}`,
  judged(lsp.label.median < 100),
);
current.add(
  '… an edit that changes what the model means (a rate limit), analysed again < 100 ms',
  `${ms(lsp.semantic.median)} ms median, slowest ${ms(lsp.semantic.max)} ms of ${lsp.semantic.count}`,
  judged(lsp.semantic.median < 100),
);
for (const request of ['hover', 'definition', 'completion']) {
  current.add(`… ${request} < 50 ms`, `${ms(lsp[request])} ms median`, judged(lsp[request] < 50));
}
current.add(`\`aitm import\` of a ${(otmBytes / 1e6).toFixed(1)} MB OTM document < 1 s`, `${ms(imported.ms)} ms (median of ${imported.runs} processes)`, judged(otmBytes >= 20e6 && imported.ms < 1000));
current.add('… under 300 MB', `${imported.rssMb} MB`, judged(otmBytes >= 20e6 && imported.rssMb < 300));
current.add('50,000 elements checked < 1.5 s, warm (parse to SARIF in a running process)', k50 ? `${ms(k50.endToEnd)} ms` : '—', k50 && k50.endToEnd < 1500);
current.add('… `aitm check` from a cold process < 2 s', k50 ? `${ms(k50.check)} ms (median of ${k50.checkProcesses})` : '—', k50 && k50.check < 2000);
current.add('… under 400 MB', k50 ? `${k50.checkRssMb} MB` : '—', k50 && k50.checkRssMb < 400);
current.add(
  '100,000 elements complete, figures recorded',
  k100 ? `${ms(k100.endToEnd)} ms warm, \`aitm check\` ${ms(k100.check)} ms from a cold process, ${k100.checkRssMb} MB` : '—',
  k100 && Number.isFinite(k100.check),
);
current.add(
  `growth ${thousands(growthSizes[0])} → ${thousands(growthSizes[1])} elements ≤ 12× (linear), end to end, the two run in turn`,
  `${growth.toFixed(1)}×: ${growthRun.map((r) => `${ms(r.ms)} ms`).join(' and ')}`,
  judged(growth <= 12),
);
current.add(
  `portfolio of ${portfolio.models} models × ${thousands(portfolio.elements)} elements on worker threads ≥ 3× faster than one after another, on a 4-core machine`,
  `${speedup.toFixed(2)}× on ${threads} threads: ${ms(sequential.ms)} ms → ${ms(parallel.ms)} ms`,
  judged(threads >= 4 ? speedup >= 3 : undefined),
  `cannot be judged on ${threads} ${threads === 1 ? 'core' : 'cores'}: ${((100 * speedup) / threads).toFixed(0)}% of ${threads}× (3× on 4 is 75%)`,
);

// Earlier targets, still held.
const earlier = targetTable();
earlier.add('10,000 elements end to end (parse to SARIF) < 1 s, warm (issue #5)', k10 ? `${ms(k10.endToEnd)} ms` : '—', k10 && k10.endToEnd < 1000);
earlier.add('… `aitm check` in a fresh process (a CI job)', k10 ? `${ms(k10.check)} ms` : '—', k10 && k10.check < 1000);
earlier.add('10,000 elements < 300 MB', k10 ? `${k10.checkRssMb} MB` : '—', k10 && k10.checkRssMb < 300);
earlier.add('CLI cold start of `aitm check` on an example < 300 ms', `${ms(coldStart)} ms`, coldStart < 300);
earlier.add(
  'dense case: analysis linear in its edges (time per edge at each size against the smallest, at most 1.25)',
  `${linearity.toFixed(2)}: ${linearityRun.map((r) => `${thousands(r.flows)} flows in ${ms(r.ms)} ms`).join(', ')}`,
  linearity <= 1.25,
);
earlier.add(
  `HTML report of ${thousands(htmlElements)} elements opens in Chromium < 5 s: loaded, first diagram drawn, first page of findings shown (issue #18)`,
  htmlOpen !== undefined ? `${ms(htmlOpen)} ms (${(html.bytes / 1e6).toFixed(1)} MB page)` : `— (${html.skipped})`,
  htmlOpen !== undefined ? judged(htmlOpen < 5000) : undefined,
  html.skipped ?? undefined,
);

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
const doc = `# Performance

Measured with \`npm run bench\`${quick ? ' (`--quick`: small sizes only, nothing judged)' : ''} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB of memory,
Node ${process.version}, ${os.type()} ${os.release()} (${os.arch()}).

The models are synthetic but shaped like real ones (\`bench/generate.js\`, deterministic): every
element kind, two levels of boundaries with five trust levels, 1.5 flows per element carrying
data, data assets of every classification, dispositions. The dense case connects every agent to
every tool and store, which would explode any algorithm that enumerates paths.

## Targets (issue #16): what users wait for

| target | measured | |
| --- | --- | --- |
${current.text()}

Issue #16 withdrew the target "the whole pipeline within 6× of lexing": it measured a ratio inside
the pipeline, not a wait. Its 50,000-element, growth and language-server targets replace those of
issues #5 and #6.

## Earlier targets

| target | measured | |
| --- | --- | --- |
${earlier.text()}

## Stages

Medians of several warm runs in one process, in milliseconds${passes === 1 ? '' : ` (each case is measured in ${passes} processes, minutes apart,
and each stage keeps the lower median; 100,000 elements in one)`}. *Lex* is reading the text
into tokens, the way the pipeline does it (16 KB at a time, so that tokens die young). *Parse* is
the parser alone, building the AST from tokens made beforehand. *Graph* is building the graph and
deriving the facts; *analyze* includes it. *End to end* is \`parse()\` + \`analyze()\` +
\`toSarif()\` on the text: a check in a running process.

| elements | flows | MB | lex | parse | resolve | graph | analyze | Mermaid | Markdown | SARIF | end to end | elements/s |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${stageRows.join('\n')}

## \`aitm check\` in a fresh process

The whole command, from spawning Node to its exit, on the model written to a file (median of
several processes, spread over the passes), with the highest peak resident memory among them:
what a CI job pays, start-up and JIT warm-up included.

| elements | \`aitm check\` (ms) | peak memory (MB) |
| --- | --- | --- |
${checkRows.join('\n')}

CLI cold start, \`aitm check examples/rag-support-assistant.aitm\` as a whole process, median of ${cold.length}: ${ms(coldStart)} ms.

## Growth

The growth targets are measured by \`bench/scaling.js\`, which runs each size in turn, round after
round, in one process, and compares the medians: end to end at ${thousands(growthSizes[0])} and ${thousands(growthSizes[1])}
elements, and the dense case's analysis at ${linearitySizes.map(thousands).join(', ')} agents (time per edge). So whatever
the machine does in a given second, and the heap each run leaves, fall on every size alike.
`;
// What was found and fixed is written by hand below the marker, and kept across runs.
const marker = '<!-- Everything above is written by bench/run.js; what follows is kept. -->';
const previous = fs.existsSync('docs/performance.md') ? fs.readFileSync('docs/performance.md', 'utf8') : '';
const kept = previous.includes(marker) ? previous.slice(previous.indexOf(marker) + marker.length) : '\n';
fs.writeFileSync('docs/performance.md', `${doc}\n${marker}${kept}`);
console.log('wrote docs/performance.md');
