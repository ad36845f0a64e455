import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateModel } from '../../bench/generate.js';
import { runAitm, timeAitm } from '../../bench/process.js';

/**
 * The benchmark reaches into the pipeline's stages (tokens, the parser, the syntax tree) rather
 * than only the public API, so a change to a stage's types can break it without any other test
 * noticing. These run it on a small model and check what it reports, not how fast (speed is the
 * benchmark's business, never a test's). It runs on the build, as `npm test` makes it.
 */
const measure = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['bench/measure.js', ...args], { encoding: 'utf8' }));

describe('bench/measure.js', () => {
  it('times every stage of a small model, and the model resolves and analyses cleanly', () => {
    const r = measure('100', 'plain');
    expect(r).toMatchObject({ elements: 100, flows: 150, errors: 0 });
    expect(r.findings).toBeGreaterThan(0);
    for (const stage of ['lex', 'parse', 'resolve', 'graph', 'load', 'analyze', 'mermaid', 'markdown', 'sarif', 'endToEnd']) {
      expect(r[stage], stage).toBeGreaterThan(0);
    }
  }, 60_000);

});

describe('bench/process.js', () => {
  it('times a whole aitm process and reads its peak memory from inside it', () => {
    const r = timeAitm(['check', '--as-of', '2026-11-27', 'examples/rag-support-assistant.aitm'], 3);
    expect(r.runs).toBe(3);
    expect(r.ms).toBeGreaterThan(0);
    // A Node process holds tens of megabytes before it reads anything.
    expect(r.rssMb).toBeGreaterThan(20);
  }, 60_000);

  it('refuses a run that exits with a code it did not expect: a broken run is not a measurement', () => {
    expect(() => runAitm(['check', 'no-such-file.aitm'])).toThrow(/exited with 2/);
  }, 60_000);
});

describe('bench/generate.js', () => {
  it('makes the same model for a size and seed, and another for another seed', () => {
    expect(generateModel(200)).toBe(generateModel(200));
    expect(generateModel(200, { seed: 7 })).not.toBe(generateModel(200));
  });
});

describe('bench/scaling.js', () => {
  const scaling = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['bench/scaling.js', ...args], { encoding: 'utf8' }));

  it.each([
    // The plain model is measured per element, end to end; the dense case per flow, analysis alone.
    ['plain', (r: { elements: number }) => r.elements],
    ['dense', (r: { flows: number }) => r.flows],
  ] as const)('runs %s models of each size in turn and compares their time per unit with the smallest', (variant, units) => {
    const rows = scaling(variant, '20', '40');
    expect(rows.map((r: { elements: number }) => r.elements)).toEqual([20, 40]);
    const [small, large] = rows;
    expect(large.flows).toBeGreaterThan(small.flows);
    expect(small).toMatchObject({ sizeRatio: 1, timeRatio: 1, perUnitRatio: 1 });
    expect(large.sizeRatio).toBeCloseTo(units(large) / units(small));
    expect(large.timeRatio).toBeCloseTo(large.ms / small.ms);
    expect(large.perUnitRatio).toBeCloseTo(large.timeRatio / large.sizeRatio);
  }, 60_000);

  it.each([[['plain', '20']], [['sparse', '20', '40']], [['dense', '20', 'many']]])('refuses %j with a usage line', (args) => {
    const run = spawnSync(process.execPath, ['bench/scaling.js', ...args], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: /);
  });
});
