import fs from 'node:fs';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../source/source-file.js';
import { limits } from '../syntax/limits.js';

/**
 * UTF-8 decodes to at least one UTF-16 code unit for every three bytes, so a file of more bytes
 * than this is over the character limit (AITM150) whatever it holds, and is refused unread: memory
 * stays bounded however large the file (a model, a catalog, an OTM document) is.
 */
const maxFileBytes = 3 * limits.maxFileLength;

/**
 * A text file's content, or the AITM150 diagnostic of one too large to read. Files that are not
 * regular files (a pipe, a device) are read up to the same bound. Throws what reading throws
 * (ENOENT, EISDIR, ...).
 */
export function readTextFile(file: string): { readonly text: string } | { readonly tooLarge: Diagnostic } {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile()) return stat.size > maxFileBytes ? { tooLarge: tooLarge(file, stat.size) } : { text: fs.readFileSync(fd, 'utf8') };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(1 << 16);
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxFileBytes) return { tooLarge: tooLarge(file, total) };
      chunks.push(chunk.subarray(0, read));
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(file: string, bytes: number): Diagnostic {
  return diagnostic('AITM150', `file is ${bytes} bytes long: more than the limit of ${limits.maxFileLength} characters`, {
    span: new SourceFile(file, '').span(0, 0),
    help: 'aitm reads files of up to 32 Mi characters; a model can be split into files joined with `import`',
  });
}
