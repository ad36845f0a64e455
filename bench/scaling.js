// How time grows with the model. Run by bench/run.js.
//   node bench/scaling.js plain <elements> <elements>...   end to end (parse to SARIF), per element
//   node bench/scaling.js dense <agents> <agents>...       analysis of the dense case, per flow
//
// Timing each size in its own process and comparing the two medians measured whatever the
// machine was doing in each minute, and the conditions each size met alone: on a shared VM the
// 1,000-element pass alone read 20–40 ms, which moved the growth to 10,000 elements from 9× to 21×
// for the same build, and the small dense case 17–43 ms. Here every size is run in turn, round
// after round, in one process, so that each round's conditions (the machine, the heap the last
// run left) fall on every size alike; each size's median over the rounds is compared with the
// smallest size's.
import { parse } from '../dist/compile.js';
import { analyze, prepareCatalog } from '../dist/engine/analyze.js';
import { toSarif } from '../dist/render/sarif.js';
import { generateModel } from './generate.js';

const [variant, ...sizeArgs] = process.argv.slice(2);
const sizes = sizeArgs.map(Number);
if ((variant !== 'plain' && variant !== 'dense') || sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  process.stderr.write('usage: node bench/scaling.js <plain|dense> <size> <size>...\n');
  process.exit(2);
}
const dense = variant === 'dense';
const catalog = prepareCatalog();
const options = { catalog, asOf: '2026-11-27' };

const cases = sizes.map((n) => {
  const file = `${variant}-${n}.aitm`;
  const text = generateModel(n, { dense });
  const { model } = parse(text, { file });
  const run = dense
    ? () => analyze(model, options)
    : () => {
        const analysis = analyze(parse(text, { file }).model, options);
        return toSarif({ analyses: [{ file, analysis }], catalog: catalog.catalog });
      };
  // What the time is measured against: flows for the dense case, elements for the plain one.
  return { elements: n, flows: model.flows.length, units: dense ? model.flows.length : n, run };
});

const warmUp = 3;
const rounds = 15;
const samples = cases.map(() => []);
for (let round = 0; round < warmUp + rounds; round++) {
  cases.forEach((c, i) => {
    const start = performance.now();
    c.run();
    if (round >= warmUp) samples[i].push(performance.now() - start);
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [base] = cases;
const baseMs = median(samples[0]);
process.stdout.write(
  JSON.stringify(
    cases.map((c, i) => {
      const ms = median(samples[i]);
      return {
        elements: c.elements,
        flows: c.flows,
        ms,
        sizeRatio: c.units / base.units,
        timeRatio: ms / baseMs,
        // Time per element (or per flow) against the smallest size's: 1 is exactly linear.
        perUnitRatio: ms / baseMs / (c.units / base.units),
      };
    }),
  ),
);
