// The benchmark: `npm run bench` (builds first). Each size runs in its own process, so peak memory
// (maxRSS) belongs to that size alone. Results go to stdout and docs/performance.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const sizes = process.argv.includes('--quick') ? [100, 1000] : [100, 1000, 10000, 50000];
const cases = [...sizes.map((n) => ({ name: `${n}`, elements: n, dense: false })), { name: 'dense 2000', elements: 2000, dense: true }];

const results = [];
for (const c of cases) {
  const out = execFileSync(process.execPath, ['bench/measure.js', String(c.elements), c.dense ? 'dense' : 'plain'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out);
  results.push({ ...c, ...r });
  console.log(`${c.name.padStart(10)}: ${JSON.stringify(r)}`);
}

const cold = [];
for (let i = 0; i < 7; i++) {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['bin/aitm.js', 'check', 'examples/rag-support-assistant.aitm'], { stdio: 'ignore' });
  cold.push(Number(process.hrtime.bigint() - start) / 1e6);
}
cold.sort((a, b) => a - b);
const coldStart = cold[3];
console.log(`CLI cold start (aitm check on an example, median of 7): ${coldStart.toFixed(0)} ms`);

const ms = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.flows} | ${(r.bytes / 1e6).toFixed(2)} | ${ms(r.lex)} | ${ms(r.parse)} | ${ms(r.load)} | ${ms(r.analyze)} | ${ms(r.mermaid)} | ${ms(r.markdown)} | ${ms(r.sarif)} | **${ms(r.endToEnd)}** | ${(r.endToEnd / r.lex).toFixed(1)}× | ${Math.round(r.elements / (r.endToEnd / 1000)).toLocaleString('en')} | ${(r.bytes / 1e6 / (r.lex / 1000)).toFixed(0)} | ${r.maxRssMb} |`,
);
const at = (n) => results.find((r) => r.name === String(n));
const growth = at(1000) && at(10000) ? (at(10000).endToEnd / at(1000).endToEnd).toFixed(1) : 'n/a';
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const doc = `# Performance

Measured with \`npm run bench\` on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.
Times are medians of several runs, in milliseconds; each size runs in its own process and the
peak memory is that process's maximum resident set. Synthetic models (\`bench/generate.js\`) mix every
element kind in nested boundaries, with 1.5 flows per element carrying data, and dispositions; the
dense case connects every agent to every tool and store.

| elements | flows | MB | lex | parse (CST) | load (lex+parse+AST+resolve) | analyze (graph, facts, ${'catalog'}) | Mermaid | Markdown | SARIF | end to end (load+analyze+SARIF) | × lex | elements/s | lex MB/s | peak MB |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

- Growth of end-to-end time from 1,000 to 10,000 elements: ${growth}× (target ≤ 12×).
- CLI cold start, \`aitm check examples/rag-support-assistant.aitm\` as a whole process, median of 7: ${coldStart.toFixed(0)} ms (target < 300 ms).

Targets (issue #5): 10,000 elements end to end < 1 s and < 300 MB; 50,000 < 3 s and < 500 MB; the full
pipeline within 6× of lexing alone; the dense case linear in its edges.
`;
fs.writeFileSync('docs/performance.md', doc);
console.log('wrote docs/performance.md');
