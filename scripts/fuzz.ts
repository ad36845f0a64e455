// The long fuzz campaign: `npm run fuzz -- --runs N [--seed S] [--workers W]`.
// The same properties as the bounded run in `npm test` (test/fuzz/properties.ts), N inputs in all,
// shared between the properties by weight and cut into chunks of a fixed size; chunk c of a property
// runs with seed S + c, so a campaign gives the same inputs whatever the number of workers. Workers
// are child processes, each taking every W-th chunk. A failure prints what replays it:
// `npm run fuzz -- --replay PROPERTY:SEED:PATH`.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { properties } from '../test/fuzz/properties.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '17' },
    workers: { type: 'string', default: String(Math.max(1, Math.min(2, os.availableParallelism()))) },
    worker: { type: 'string' },
    property: { type: 'string' },
    replay: { type: 'string' },
  },
});

const chunkSize = 2_000;
const runs = Number(values.runs);
const seed = Number(values.seed);
const workers = Number(values.workers);
if (!Number.isSafeInteger(runs) || runs < 1 || !Number.isSafeInteger(seed) || !Number.isSafeInteger(workers) || workers < 1) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--workers W] | --replay PROPERTY:SEED:PATH');
  process.exit(2);
}

/**
 * The chunks of the campaign: which property, its seed and its number of runs. With `--property N`,
 * only that property's chunks, with the seeds they have in the whole campaign.
 */
function chunks(): { property: number; seed: number; runs: number }[] {
  const all = allChunks();
  return values.property === undefined ? all : all.filter((c) => c.property === Number(values.property));
}

function allChunks(): { property: number; seed: number; runs: number }[] {
  const total = properties.reduce((sum, p) => sum + p.weight, 0);
  const out: { property: number; seed: number; runs: number }[] = [];
  let assigned = 0;
  properties.forEach((p, index) => {
    const share = index === properties.length - 1 ? runs - assigned : Math.round((runs * p.weight) / total);
    assigned += share;
    for (let done = 0, c = 0; done < share; done += chunkSize, c++) out.push({ property: index, seed: seed + c, runs: Math.min(chunkSize, share - done) });
  });
  return out;
}

interface ChunkResult {
  readonly property: number;
  readonly runs: number;
  readonly ms: number;
  readonly slowest: number;
  readonly failure?: string;
}

function runChunk(chunk: { property: number; seed: number; runs: number }, path?: string): ChunkResult {
  const property = properties[chunk.property]!;
  let slowest = 0;
  const timed = (input: unknown) => {
    const start = performance.now();
    try {
      property.check(input);
    } finally {
      slowest = Math.max(slowest, performance.now() - start);
    }
  };
  const start = performance.now();
  const result = fc.check(fc.property(property.arbitrary, timed), { seed: chunk.seed, numRuns: chunk.runs, path });
  const ms = performance.now() - start;
  if (!result.failed) return { property: chunk.property, runs: result.numRuns, ms, slowest };
  const example = JSON.stringify(result.counterexample);
  const failure = [
    `property: ${property.name}`,
    `error: ${String((result.errorInstance as Error | undefined)?.stack ?? result.errorInstance).split('\n').slice(0, 12).join('\n').slice(0, 3000)}`,
    `counterexample (${example.length} characters): ${example.slice(0, 3000)}`,
    `replay: npm run fuzz -- --replay ${chunk.property}:${result.seed}:${result.counterexamplePath}`,
  ].join('\n');
  return { property: chunk.property, runs: result.numRuns, ms, slowest, failure };
}

if (values.replay) {
  const [property, replaySeed, ...path] = values.replay.split(':');
  const result = runChunk({ property: Number(property), seed: Number(replaySeed), runs: 1 }, path.join(':'));
  console.log(result.failure ?? 'passes');
  process.exit(result.failure ? 1 : 0);
}

if (values.worker !== undefined) {
  // A worker: every `workers`-th chunk from its index, one JSON line per chunk. Between chunks it
  // yields, so that it notices when the campaign has gone (the IPC channel closes) and stops too.
  const orphaned = () => process.exit(1);
  process.on('disconnect', orphaned);
  const index = Number(values.worker);
  const mine = chunks().filter((_, i) => i % workers === index);
  for (const chunk of mine) {
    process.stdout.write(JSON.stringify(runChunk(chunk)) + '\n');
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.off('disconnect', orphaned);
  process.disconnect();
} else {
  await campaign();
}

async function campaign(): Promise<void> {
  const all = chunks();
  const total = all.reduce((sum, c) => sum + c.runs, 0);
  const started = Date.now();
  console.log(`fuzz: ${total.toLocaleString('en')} inputs, seed ${seed}, ${workers} worker(s), ${all.length} chunks of up to ${chunkSize}`);
  const totals = properties.map(() => ({ inputs: 0, ms: 0, slowest: 0 }));
  const failures: string[] = [];
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, (_, index) =>
      new Promise<void>((resolve) => {
        const only = values.property === undefined ? [] : ['--property', values.property];
        const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, '--runs', String(runs), '--seed', String(seed), '--workers', String(workers), '--worker', String(index), ...only], {
          // An IPC channel too, so that a worker ends when the campaign does (killed or not).
          stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
        });
        let buffer = '';
        child.stdout!.on('data', (data: Buffer) => {
          buffer += data.toString();
          for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
            const result = JSON.parse(buffer.slice(0, newline)) as ChunkResult;
            buffer = buffer.slice(newline + 1);
            const sum = totals[result.property]!;
            sum.inputs += result.runs;
            sum.ms += result.ms;
            sum.slowest = Math.max(sum.slowest, result.slowest);
            done += result.runs;
            if (result.failure) {
              failures.push(result.failure);
              console.log(`\n${result.failure}\n`);
            }
            const minutes = ((Date.now() - started) / 60_000).toFixed(1);
            console.log(`${done.toLocaleString('en')} / ${total.toLocaleString('en')} inputs, ${failures.length} failures, ${minutes} min`);
          }
        });
        child.on('close', (code) => {
          if (code !== 0) failures.push(`worker ${index} exited with code ${code}`);
          resolve();
        });
      }),
    ),
  );
  const minutes = (Date.now() - started) / 60_000;
  console.log('');
  console.log('| property | inputs | ms per input | slowest input (ms) |');
  console.log('| --- | --- | --- | --- |');
  properties.forEach((p, i) => {
    const t = totals[i]!;
    if (t.inputs > 0) console.log(`| ${p.name} | ${t.inputs.toLocaleString('en')} | ${(t.ms / t.inputs).toFixed(2)} | ${t.slowest.toFixed(0)} |`);
  });
  console.log('');
  console.log(`${done.toLocaleString('en')} inputs, ${failures.length} failures, seed ${seed}, ${workers} worker(s), ${minutes.toFixed(1)} minutes, Node ${process.version}`);
  for (const f of failures) console.log(`\n${f}`);
  process.exit(failures.length > 0 || done !== total ? 1 : 0);
}
