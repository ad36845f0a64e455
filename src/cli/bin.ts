import os from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import { main } from './main.js';
import { processIo } from './io.js';
import { parallelCheck, serveChecks, type CheckWorkerData } from './parallel.js';

/** The `aitm` executable: bundled into one file (dist/aitm-cli.js) so that start-up reads one module, not hundreds. */
export function run(): void {
  // A reader that stops early (`aitm report ... | head`) closes the pipe: that is not an error of
  // aitm's, so it ends quietly, as other command-line tools do, instead of with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  // This file, started again on worker threads, checks models for `aitm check` (see below).
  const io = { ...processIo(), parallel: parallelCheck(new URL(import.meta.url)), parallelism: os.availableParallelism() };
  process.exitCode = main(process.argv.slice(2), io);
}

// Started as a worker thread by `parallelCheck`: serve the files it is handed. (Only then: the
// executable calls `run`, and nothing else starts this file with that data.)
if (!isMainThread && (workerData as { aitmCheck?: CheckWorkerData } | null)?.aitmCheck) {
  serveChecks((workerData as { aitmCheck: CheckWorkerData }).aitmCheck);
}
