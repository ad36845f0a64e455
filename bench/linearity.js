// Whether analysis of the dense case grows linearly with its edges. Run by bench/run.js.
//   node bench/linearity.js <agents> <agents>...   (for example 1000 2000)
//
// Timing each size in its own process and comparing the two medians measured whatever the
// machine was doing in each minute: on a shared VM the small case alone read anywhere from 17 to
// 43 ms, which moved the ratio from 3.9 to 8.4 for the same build. Here every size is analysed in
// turn, round after round, in one process, so that each round's conditions fall on every size
// alike; each size's median over the rounds is compared with the smallest size's.
import { parse } from '../dist/compile.js';
import { analyze, prepareCatalog } from '../dist/engine/analyze.js';
import { generateModel } from './generate.js';

const sizes = process.argv.slice(2).map(Number);
if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  process.stderr.write('usage: node bench/linearity.js <agents> <agents>...\n');
  process.exit(2);
}
const catalog = prepareCatalog();
const models = sizes.map((n) => parse(generateModel(n, { dense: true }), { file: `dense-${n}.aitm` }).model);
const analyse = (model) => analyze(model, { catalog, asOf: '2026-11-27' });

const warmUp = 3;
const rounds = 15;
const samples = models.map(() => []);
for (let round = 0; round < warmUp + rounds; round++) {
  models.forEach((model, i) => {
    const start = performance.now();
    analyse(model);
    if (round >= warmUp) samples[i].push(performance.now() - start);
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = models.map((model, i) => ({ elements: sizes[i], flows: model.flows.length, analyze: median(samples[i]) }));
const [base] = results;
process.stdout.write(
  JSON.stringify(
    results.map((r) => ({
      ...r,
      edgesRatio: r.flows / base.flows,
      timeRatio: r.analyze / base.analyze,
      // Time per edge relative to the smallest size: 1 is exactly linear.
      perEdgeRatio: r.analyze / base.analyze / (r.flows / base.flows),
    })),
  ),
);
