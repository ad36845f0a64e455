// The benchmark: `npm run bench` (builds first); `npm run bench -- --quick` for a short run.
// Each size runs in its own processes: one measures every stage (medians of warm runs), others make
// one end-to-end pass in a fresh process, which is what a CI job pays and what peak memory means.
// Results go to stdout and docs/performance.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const plain = quick ? [100, 1000] : [100, 1000, 10000, 50000];
const dense = quick ? [1000] : [1000, 2000];
// Sizes for the growth targets, each set run in turn in one process (bench/scaling.js): the plain
// model end to end, and the dense case's analysis at 25,000, 99,000 and 395,000 flows.
const growthSizes = [1000, 10000];
const linearitySizes = quick ? [500, 1000] : [1000, 2000, 4000];
const cases = [
  ...plain.map((n) => ({ name: `${n}`, elements: n, dense: false })),
  ...dense.map((n) => ({ name: `dense ${n}`, elements: n, dense: true })),
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const measure = (c, mode) =>
  JSON.parse(execFileSync(process.execPath, ['bench/measure.js', String(c.elements), c.dense ? 'dense' : 'plain', mode], { encoding: 'utf8', maxBuffer: 1 << 24 }));

// On a shared virtual machine the same measurement varies by up to half from one minute to the
// next. So everything is measured in two passes over all cases, minutes apart: cold start is the
// median of both passes' runs, a fresh-process pass the median of both passes' processes, and
// each warm stage the lower of its two medians (noise only ever adds time).
const passes = quick ? 1 : 2;
const cold = [];
const stageRuns = new Map(cases.map((c) => [c.name, []]));
const onceRuns = new Map(cases.map((c) => [c.name, []]));
const growthRuns = [];
const linearityRuns = [];
const scaling = (variant, sizes) =>
  JSON.parse(execFileSync(process.execPath, ['bench/scaling.js', variant, ...sizes.map(String)], { encoding: 'utf8' }));
for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < 15; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['bin/aitm.js', 'check', 'examples/rag-support-assistant.aitm'], { stdio: 'ignore' });
    cold.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (const c of cases) {
    stageRuns.get(c.name).push(measure(c, 'stages'));
    const processes = Math.ceil((c.elements >= 50000 ? 4 : 6) / passes);
    for (let i = 0; i < processes; i++) onceRuns.get(c.name).push(measure(c, 'once'));
    console.log(`pass ${pass + 1}: ${c.name}`);
  }
  if (!quick) growthRuns.push(scaling('plain', growthSizes));
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
  const once = onceRuns.get(c.name);
  const r = { ...c, ...stages, once: median(once.map((p) => p.once)), onceRssMb: Math.max(...once.map((p) => p.onceRssMb)) };
  results.push(r);
  console.log(`${c.name.padStart(10)}: end to end ${r.endToEnd.toFixed(0)} ms warm, ${r.once.toFixed(0)} ms in a fresh process, peak ${r.onceRssMb} MB`);
}

// A model just after a rename: 200 references to ids that no longer exist, each reported with a
// "did you mean" found among every id of the model.
const typoPasses = Array.from({ length: 5 }, () =>
  JSON.parse(execFileSync(process.execPath, ['bench/measure.js', '10000', 'typos', 'once'], { encoding: 'utf8' })),
);
const typos = { once: median(typoPasses.map((p) => p.once)), onceRssMb: Math.max(...typoPasses.map((p) => p.onceRssMb)) };
console.log(`10000 with 200 unknown ids: ${typos.once.toFixed(0)} ms in a fresh process`);

// The editor case (issue #6): an edit to a 1,000-element file, through the real language server.
const lsp = JSON.parse(execFileSync(process.execPath, ['bench/lsp.js', '1000'], { encoding: 'utf8' }));
console.log(`language server, edit to diagnostics on 1,000 elements: median ${lsp.median.toFixed(0)} ms, slowest ${lsp.max.toFixed(0)} ms`);

// The HTML report of a large model, opened in Chromium (issue #18): median of three openings.
const htmlElements = quick ? 2000 : 50000;
const html = JSON.parse(execFileSync(process.execPath, ['bench/html.js', String(htmlElements), '3'], { encoding: 'utf8' }));
const htmlOpen = html.times ? median(html.times.map((t) => t.usable)) : undefined;
console.log(html.skipped ? `HTML report: skipped, ${html.skipped}` : `HTML report of ${htmlElements} elements (${(html.bytes / 1e6).toFixed(1)} MB) usable in Chromium after ${htmlOpen.toFixed(0)} ms (median of ${html.times.length})`);

const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));
// 1,000, 2,000 and 4,000
const counted = (sizes) => {
  const names = sizes.map((n) => n.toLocaleString('en'));
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};
const at = (name) => results.find((r) => r.name === name);

const stageRows = results.map(
  (r) =>
    `| ${r.name} | ${r.flows.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(2)} | ${ms(r.lex)} | ${ms(r.parse)} | ${ms(r.resolve)} | ${ms(r.graph)} | ${ms(r.analyze)} | ${ms(r.mermaid)} | ${ms(r.markdown)} | ${ms(r.sarif)} | **${ms(r.endToEnd)}** | ${(r.endToEnd / r.lex).toFixed(1)}× | ${Math.round(r.elements / (r.endToEnd / 1000)).toLocaleString('en')} | ${(r.bytes / 1e6 / (r.lex / 1000)).toFixed(1)} |`,
);
const onceRows = results.map((r) => `| ${r.name} | ${ms(r.once)} | ${r.onceRssMb} |`);
onceRows.push(`| 10000, plus 200 references to undeclared ids | ${ms(typos.once)} | ${typos.onceRssMb} |`);

// Targets from issue #5, each with the measurement that decides it.
const targets = [];
const target = (what, measured, ok) => targets.push(`| ${what} | ${measured} | ${ok === undefined ? 'not measured (quick run)' : ok ? 'met' : '**missed**'} |`);
const k1 = at('1000');
const k10 = at('10000');
const k50 = at('50000');
target('10,000 elements end to end (parse to SARIF) < 1 s, warm', k10 ? `${ms(k10.endToEnd)} ms` : '—', k10 && k10.endToEnd < 1000);
target('… the same in a fresh process (a CI job)', k10 ? `${ms(k10.once)} ms` : '—', k10 && k10.once < 1000);
target('10,000 elements < 300 MB', k10 ? `${k10.onceRssMb} MB` : '—', k10 && k10.onceRssMb < 300);
// With two passes, a median is the higher of the two: the benchmark judges by the worse pass.
const growth = growthRuns.length > 0 ? median(growthRuns.map((run) => run.at(-1).timeRatio)) : undefined;
const growthRun = growthRuns.find((run) => run.at(-1).timeRatio === growth);
target(
  'growth 1,000 → 10,000 elements ≤ 12×, end to end, the two run in turn',
  growthRun ? `${growth.toFixed(1)}×: ${growthRun.map((r) => `${ms(r.ms)} ms`).join(' and ')}` : '—',
  growth !== undefined ? growth <= 12 : undefined,
);
target('CLI cold start of `aitm check` on an example < 300 ms', `${ms(coldStart)} ms`, coldStart < 300);
// Each pass's worst time per edge against the smallest size, judged by the worse pass.
const worstPerEdge = (run) => Math.max(...run.map((r) => r.perUnitRatio));
const linearity = linearityRuns.length > 0 ? median(linearityRuns.map(worstPerEdge)) : undefined;
const linearityRun = linearityRuns.find((run) => worstPerEdge(run) === linearity);
target(
  'dense case: analysis linear in its edges (time per edge at each size against the smallest, at most 1.25)',
  linearityRun
    ? `${linearity.toFixed(2)}: ${linearityRun.map((r) => `${r.flows.toLocaleString('en')} flows in ${ms(r.ms)} ms`).join(', ')}`
    : '—',
  linearity !== undefined && linearity <= 1.25,
);
target('50,000 elements < 3 s, warm', k50 ? `${ms(k50.endToEnd)} ms` : '—', k50 && k50.endToEnd < 3000);
target('… in a fresh process', k50 ? `${ms(k50.once)} ms` : '—', k50 && k50.once < 3000);
target('50,000 elements < 500 MB', k50 ? `${k50.onceRssMb} MB` : '—', k50 && k50.onceRssMb < 500);
target('language server: re-analysis of a 1,000-element file after an edit < 100 ms (issue #6)', `${ms(lsp.median)} ms median`, lsp.median < 100);
target(
  `HTML report of ${htmlElements.toLocaleString('en')} elements opens in Chromium < 5 s: loaded, first diagram drawn, first page of findings shown (issue #18)`,
  htmlOpen !== undefined ? `${ms(htmlOpen)} ms (${(html.bytes / 1e6).toFixed(1)} MB page)` : `— (${html.skipped})`,
  htmlOpen !== undefined ? htmlOpen < 5000 : undefined,
);
const worstRatio = Math.max(...results.filter((r) => !r.dense && r.elements >= 1000).map((r) => r.endToEnd / r.lex));
target('full pipeline within 6× of lexing alone (sizes ≥ 1,000)', `${worstRatio.toFixed(1)}× at worst`, worstRatio <= 6);

const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
const doc = `# Performance

Measured with \`npm run bench\`${quick ? ' (`--quick`: small sizes only)' : ''} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB of memory,
Node ${process.version}, ${os.type()} ${os.release()} (${os.arch()}).

The models are synthetic but shaped like real ones (\`bench/generate.js\`, deterministic): every
element kind, two levels of boundaries with five trust levels, 1.5 flows per element carrying
data, data assets of every classification, dispositions. The dense case connects every agent to
every tool and store, which would explode any algorithm that enumerates paths.

## Stages

Medians of several warm runs in one process, in milliseconds${passes === 1 ? '' : ` (each case is measured in ${passes} processes, minutes apart,
and each stage keeps the lower median)`}. *Lex* is the floor: reading the text
into tokens, which any parser has to do, the way the pipeline does it (16 KB at a time, so that
tokens die young). *Parse* is the parser alone, building the AST from tokens made beforehand.
*Graph* is building the graph and deriving the facts; *analyze* includes it. *End to end* is \`parse()\` + \`analyze()\` + \`toSarif()\` on the text.

| elements | flows | MB | lex | parse | resolve | graph | analyze | Mermaid | Markdown | SARIF | end to end | × lex | elements/s | lex MB/s |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${stageRows.join('\n')}

## One pass in a fresh process

Parse to SARIF once, in a new process (median of several processes, spread over the passes), with
the highest peak resident memory among them: what \`aitm report --format sarif\` pays in CI, JIT
warm-up included.

| elements | end to end (ms) | peak memory (MB) |
| --- | --- | --- |
${onceRows.join('\n')}

CLI cold start, \`aitm check examples/rag-support-assistant.aitm\` as a whole process, median of ${cold.length}: ${ms(coldStart)} ms.

## Growth

The growth targets are measured by \`bench/scaling.js\`, which runs each size in turn, round after
round, in one process, and compares the medians: end to end at ${counted(growthSizes)} elements, and
the dense case's analysis at ${counted(linearitySizes)} agents (time per edge). So whatever the machine
does in a given second, and the heap each run leaves, fall on every size alike. Measured alone, in
separate processes, the small sizes varied by more than 2×: a small model analysed again and again
never has anything survive into the old generation, which a large one always does.${k1 && k10 ? ` Measured that way here, 10,000 elements took ${(k10.endToEnd / k1.endToEnd).toFixed(1)}× the time of 1,000.` : ''}

## Targets (issue #5)

| target | measured | |
| --- | --- | --- |
${targets.join('\n')}
`;
// What was found and fixed is written by hand below the marker, and kept across runs.
const marker = '<!-- Everything above is written by bench/run.js; what follows is kept. -->';
const previous = fs.existsSync('docs/performance.md') ? fs.readFileSync('docs/performance.md', 'utf8') : '';
const kept = previous.includes(marker) ? previous.slice(previous.indexOf(marker) + marker.length) : '\n';
fs.writeFileSync('docs/performance.md', `${doc}\n${marker}${kept}`);
console.log('wrote docs/performance.md');
