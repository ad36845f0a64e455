import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Run the CLI in-process with captured output (and `stdin` as standard input). */
export function run(argv: string[], options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: options.env ?? {},
    stderrIsTTY: options.tty ?? false,
    stdoutIsTTY: options.tty ?? false,
    readStdin: () => {
      if (options.stdin === undefined) throw new Error('this test gives no standard input');
      return options.stdin;
    },
  };
  const code = main(argv, io);
  return { code, stdout, stderr };
}
