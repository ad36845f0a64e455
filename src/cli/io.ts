import fs from 'node:fs';
import type { ParallelCheck } from './commands/check.js';

/** What the CLI needs from the process, injected so that commands run in-process under test. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (colour is only ever used on one). */
  readonly stderrIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** All of standard input, for `-` among the files. Read once, when first asked for. */
  readonly readStdin: () => string;
  /** `--quiet`: leave out summaries, notes and warnings; errors and results are still written. */
  readonly quiet?: boolean;
  /** Checks many models on worker threads; only the executable can start them (not a test, not a library). */
  readonly parallel?: ParallelCheck;
  /** How many threads can run at once here: `check`'s default `--jobs`. */
  readonly parallelism?: number;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    readStdin: once(() => fs.readFileSync(0, 'utf8')),
  };
}

/** `read`, called at most once; later calls give what the first returned. */
export function once(read: () => string): () => string {
  let text: string | undefined;
  return () => (text ??= read());
}

/** A line for a person watching (a summary, a note, progress): on stderr, and not under --quiet. */
export function note(io: CliIo, text: string): void {
  if (!io.quiet) io.stderr.write(text);
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(io: CliIo, isTTY: boolean): boolean {
  return isTTY && !io.env['NO_COLOR'] && io.env['TERM'] !== 'dumb';
}
