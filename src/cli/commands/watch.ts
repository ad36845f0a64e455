import fs from 'node:fs';
import path from 'node:path';
import { note, type CliIo } from '../io.js';
import { runCheck, type CheckOptions } from './check.js';

/**
 * `aitm check --watch`: check, then check again whenever a file the check read changes (a model,
 * an import, a catalog). Directories are watched rather than files, because editors save by
 * writing a new file and renaming it over the old one, which a watch on the old file misses.
 */
export function watchCheck(options: CheckOptions, io: CliIo): { close(): void } {
  let watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const watch = (files: readonly string[]) => {
    for (const w of watchers) w.close();
    const byDirectory = new Map<string, Set<string>>();
    for (const file of files) {
      const dir = path.dirname(path.resolve(file));
      byDirectory.set(dir, (byDirectory.get(dir) ?? new Set()).add(path.basename(file)));
    }
    watchers = [...byDirectory].flatMap(([dir, names]) => {
      try {
        return [fs.watch(dir, (_event, name) => name && names.has(String(name)) && changed(String(name)))];
      } catch {
        return []; // a directory that does not exist (yet): the check already reported the file
      }
    });
  };
  const run = () => {
    const { read } = runCheck(options, io);
    watch(read);
    note(io, `watching ${read.length} file${read.length === 1 ? '' : 's'} for changes (Ctrl-C to stop)\n`);
  };
  // One save can fire several events; check once they settle.
  const changed = (name: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      note(io, `\n── ${name} changed ──\n`);
      run();
    }, 80);
  };

  run();
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
