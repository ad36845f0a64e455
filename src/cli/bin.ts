import { main } from './main.js';
import { processIo } from './io.js';

/** The `aitm` executable: bundled into one file (dist/aitm-cli.js) so that start-up reads one module, not hundreds. */
export function run(): void {
  process.exitCode = main(process.argv.slice(2), processIo());
}
