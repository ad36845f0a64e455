// Preloaded into a process the benchmark times (`node --import ./bench/peak.js …`): on exit, its
// peak resident memory in MB is written to the file AITM_BENCH_PEAK names. Nothing else changes.
import fs from 'node:fs';

const file = process.env.AITM_BENCH_PEAK;
if (file) process.on('exit', () => fs.writeFileSync(file, String(Math.round(process.resourceUsage().maxRSS / 1024))));
