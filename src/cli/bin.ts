import { main } from './main.js';
import { processIo } from './io.js';

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
  process.exitCode = main(process.argv.slice(2), processIo());
}
