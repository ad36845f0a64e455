import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parse, unreadable, type LoadResult } from '../compile.js';
import type { FileHost } from '../load/file-host.js';

/**
 * Files as they were at a git revision, read with `git show <rev>:./<path>` (paths relative to the
 * working directory). git runs without a shell and the revision cannot look like an option, so
 * nothing in it is interpreted but by git's revision parser.
 */
export function gitRevisionHost(revision: string, cwd = process.cwd()): FileHost {
  return { readFile: (file) => readAtRevision(revision, file, cwd).text };
}

/** Load a model as it was at a revision, imports included. Never throws: problems are diagnostics. */
export function loadAtRevision(file: string, revision: string, cwd = process.cwd()): LoadResult {
  const read = readAtRevision(revision, file, cwd);
  if (read.text === undefined) return unreadable(`${revision}:${file}`, read.reason);
  return parse(read.text, { file, host: gitRevisionHost(revision, cwd) });
}

/** A revision is a name git resolves (a branch, tag, sha or `HEAD~2`), never an option or a path. */
export function isRevision(revision: string): boolean {
  return revision.length > 0 && !revision.startsWith('-') && !/[:\s\0]/.test(revision);
}

function readAtRevision(revision: string, file: string, cwd: string): { text: string; reason?: undefined } | { text: undefined; reason: string } {
  if (!isRevision(revision)) return { text: undefined, reason: `\`${revision}\` is not a git revision` };
  const relative = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
  try {
    const text = execFileSync('git', ['show', `${revision}:./${relative}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    return { text };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    return { text: undefined, reason: stderr ? `git: ${stderr.replace(/^fatal: /, '')}` : 'git is not available' };
  }
}
