// A whole `aitm` process, as a user or a CI job runs one: its wall-clock time from spawn to exit,
// and its peak resident memory (reported by bench/peak.js from inside the process).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const peakFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-bench-peak-')), 'peak');
const peakHook = new URL('./peak.js', import.meta.url).href;

/** Run `aitm <args>` once; throws when it exits with a code not in `expect` (a broken run is not a measurement). */
export function runAitm(args, { expect = [0, 1] } = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', peakHook, 'bin/aitm.js', ...args], {
    env: { ...process.env, AITM_BENCH_PEAK: peakFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!expect.includes(child.status)) throw new Error(`aitm ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
  return { ms, rssMb: Number(fs.readFileSync(peakFile, 'utf8')) };
}

/** `runs` processes: the median time and the highest peak memory among them. */
export function timeAitm(args, runs, options) {
  const samples = Array.from({ length: runs }, () => runAitm(args, options));
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rssMb: Math.max(...samples.map((s) => s.rssMb)), runs };
}
