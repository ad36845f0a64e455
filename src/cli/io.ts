/** What the CLI needs from the process, injected so that commands run in-process under test. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (colour is only ever used on one). */
  readonly stderrIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(io: CliIo, isTTY: boolean): boolean {
  return isTTY && !io.env['NO_COLOR'] && io.env['TERM'] !== 'dumb';
}
