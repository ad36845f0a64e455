import fs from 'node:fs';
import type { FileHost } from '../load/file-host.js';

/** Reads imports from disk. Directories and unreadable files read as missing. */
export const fileSystemHost: FileHost = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  realPath: (file) => fs.realpathSync.native(file),
};
