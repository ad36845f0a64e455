import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { compareText } from '../util/compare.js';

/** The name standard input goes by on the command line. */
export const stdinArgument = '-';

export interface ExpandedInputs {
  /** Files in the order given (a folder's or a pattern's files sorted), each once; `-` for stdin. */
  readonly files: readonly string[];
  /** What could not be expanded, one line each: a pattern that matched nothing, `-` twice. */
  readonly problems: readonly string[];
}

/**
 * What the command line names, as files: a file as it is (whatever its extension: the user named
 * it), a folder as the `.aitm` files below it, a glob pattern (quoted, so that the shell left it
 * alone, or on a shell that does not expand them) as the files it matches, and `-` as standard
 * input. A path that does not exist is kept, so that reading it reports it like any unreadable
 * file. Folders and patterns skip `node_modules` and hidden folders; their files come sorted, so
 * the same tree always gives the same list.
 *
 * Paths keep the form they were given in (relative stays relative), because diagnostics and
 * reports show them.
 */
export function expandInputs(args: readonly string[], options: { readonly cwd?: string; readonly extension?: string } = {}): ExpandedInputs {
  const cwd = options.cwd ?? process.cwd();
  const extension = options.extension ?? '.aitm';
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = file === stdinArgument ? file : path.resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    if (arg === stdinArgument) {
      if (seen.has(stdinArgument)) problems.push('`-` (standard input) is given more than once');
      add(arg);
      continue;
    }
    const stat = statOf(path.resolve(cwd, arg));
    if (stat?.isDirectory()) {
      const found = search(`**/*${extension}`, path.resolve(cwd, arg)).map((file) => joinKeepingForm(arg, file));
      if (found.length === 0) problems.push(`no ${extension} file in the folder \`${arg}\``);
      found.forEach(add);
    } else if (!stat && isDynamicPattern(arg)) {
      const found = search(arg, cwd);
      if (found.length === 0) problems.push(`no file matches \`${arg}\``);
      found.forEach(add);
    } else {
      add(arg);
    }
  }
  return { files, problems };
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function search(pattern: string, cwd: string): string[] {
  return globSync(pattern, { cwd, absolute: path.isAbsolute(pattern), onlyFiles: true, dot: false, ignore: ['**/node_modules/**'], expandDirectories: false }).sort(compareText);
}

/** A file found under the folder `dir` (as the user wrote it), written the same way: `models/` + `a.aitm`. */
function joinKeepingForm(dir: string, file: string): string {
  return dir === '.' ? file : `${dir.replace(/[\\/]+$/, '')}/${file}`;
}
