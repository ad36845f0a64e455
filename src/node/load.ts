import type { AitmFile } from '../ast/nodes.js';
import { parseWithSyntax, refused, unreadable, type LoadResult } from '../compile.js';
import { fileSystemHost } from './file-system-host.js';
import { readTextFile } from './read-text.js';

export interface LoadOptions {
  /** Imports may not leave this directory. Default: the directory of the entry file. */
  readonly root?: string;
}

/** Read a model from disk, following its imports, and resolve it. Never throws on bad input. */
export function load(file: string, options: LoadOptions = {}): LoadResult {
  const { syntax: _syntax, ...result } = loadWithSyntax(file, options);
  return result;
}

/**
 * `load()`, also returning the syntax trees, for tools that point at what was written (verifying
 * single `artifacts` entries). Never throws on bad input.
 */
export function loadWithSyntax(file: string, options: LoadOptions = {}): LoadResult & { readonly syntax: readonly AitmFile[] } {
  let read: ReturnType<typeof readTextFile>;
  try {
    read = readTextFile(file);
  } catch (error) {
    return { ...unreadable(file, describeReadError(error)), syntax: [] };
  }
  if ('tooLarge' in read) return { ...refused(read.tooLarge), syntax: [] };
  return parseWithSyntax(read.text, { file, root: options.root, host: fileSystemHost });
}

/** Why a file could not be read, in a few words (for diagnostics). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return code ?? 'unreadable';
  }
}
