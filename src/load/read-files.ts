import path from 'node:path';
import type { AitmFile } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import { limits } from '../syntax/limits.js';
import { parseSource, type SyntaxResult } from '../syntax/parse-source.js';
import { reparse } from '../syntax/reparse.js';
import type { FileHost } from './file-host.js';
import { isWithin, realPathOrNearest } from './project-root.js';

export interface ReadFilesResult {
  /** The parsed files, entry first, then imports depth-first in the order they are written. */
  readonly files: AitmFile[];
  readonly sources: Map<string, SourceFile>;
  readonly diagnostics: Diagnostic[];
}

/** A file as parsed: its text, its source and what parsing it gave. */
export interface ParsedFile extends SyntaxResult {
  readonly text: string;
  readonly source: SourceFile;
}

export interface ReadFilesOptions {
  /** Imports may not leave this directory. Default: the entry file's directory. */
  readonly root?: string;
  /** Reads imported files; without one, an import is reported (AITM204). */
  readonly host?: FileHost;
  /**
   * Files parsed before, by path: a file whose text is the same is not parsed again, and one that
   * changed a little has only the declaration its edit falls in parsed again (the language server
   * keeps this; its trees change in place). Filled with what is parsed here.
   */
  readonly parsed?: Map<string, ParsedFile>;
}

/** Parse the entry file and, through `import` statements, every file it pulls in. */
export function readFiles(entryPath: string, entryText: string, options: ReadFilesOptions = {}): ReadFilesResult {
  const entry = path.normalize(entryPath);
  const root = path.resolve(options.root ?? path.dirname(entry));
  const realRoot = options.host?.realPath ? realPathOrNearest(options.host.realPath, root) : root;
  const files: AitmFile[] = [];
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const stack: string[] = [];
  let tooMany = false;

  const parse = (file: string, text: string): ParsedFile => {
    const cached = options.parsed?.get(file);
    if (cached && cached.text === text) return cached;
    const source = new SourceFile(file, text);
    // After a small edit to a clean file, only the declaration it falls in is parsed again.
    const again = cached?.ast && cached.diagnostics.length === 0 ? reparse(cached.ast, source) : undefined;
    const parsed: ParsedFile = again ? { text, source, ast: again, diagnostics: [] } : { text, source, ...parseSource(source) };
    options.parsed?.set(file, parsed);
    return parsed;
  };
  const visit = (file: string, text: string) => {
    const parsed = parse(file, text);
    const { source } = parsed;
    sources.set(file, source);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.ast) return;
    files.push(parsed.ast);
    stack.push(file);
    for (const statement of parsed.ast.statements) {
      if (statement.type !== 'import' || !statement.path) continue;
      const pathSpan = source.spanOf(statement.path);
      const target = resolveImport(file, statement.path.value, pathSpan);
      if (!target || sources.has(target.path)) continue;
      if (sources.size >= limits.maxFiles) {
        if (!tooMany) {
          diagnostics.push(
            diagnostic('AITM153', `a model may have at most ${limits.maxFiles} files`, { span: pathSpan }),
          );
        }
        tooMany = true;
        continue;
      }
      visit(target.path, target.text);
    }
    stack.pop();
  };

  const resolveImport = (importer: string, written: string, span: Span): { path: string; text: string } | undefined => {
    const invalid = (message: string, help: string) => {
      diagnostics.push(diagnostic('AITM203', message, { span, label: 'invalid path', help }));
      return undefined;
    };
    if (written.trim() === '') return invalid('import path is empty', 'write the path of an .aitm file relative to this one');
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(written) || path.isAbsolute(written) || written.startsWith('\\')) {
      return invalid(`import path \`${written}\` is not relative`, 'imports name files relative to the importing file, e.g. "shared/vendors.aitm"');
    }
    if (!written.endsWith('.aitm')) return invalid(`import path \`${written}\` is not an .aitm file`, 'only .aitm files can be imported');
    if (!options.host) {
      diagnostics.push(
        diagnostic('AITM204', `cannot import \`${written}\` here: no file reader was given`, {
          span,
          help: 'use load(path) to read a model from disk, or pass `files` to parse()',
        }),
      );
      return undefined;
    }
    const target = path.normalize(path.join(path.dirname(importer), written));
    const absolute = path.resolve(target);
    const realTarget = options.host.realPath ? realPathOrNearest(options.host.realPath, absolute) : absolute;
    // The root itself is a directory, never a file to import.
    if (absolute === root || !isWithin(root, absolute) || !isWithin(realRoot, realTarget)) {
      diagnostics.push(
        diagnostic('AITM202', `import \`${written}\` leaves the project root`, {
          span,
          label: 'outside the project',
          help: `imports stay inside ${root}; move the file there or pass a wider root`,
        }),
      );
      return undefined;
    }
    if (stack.includes(target)) {
      const cycle = [...stack.slice(stack.indexOf(target)), target].join(' → ');
      diagnostics.push(
        diagnostic('AITM201', `import cycle: ${cycle}`, {
          span,
          label: 'imports a file that imports this one',
          help: 'move what both files need into a third file that imports neither',
        }),
      );
      return undefined;
    }
    if (sources.has(target)) return undefined; // already read through another import
    const text = options.host.readFile(target);
    if (text === undefined) {
      diagnostics.push(
        diagnostic('AITM200', `cannot find imported file \`${target}\``, {
          span,
          label: 'no such file',
          help: 'paths are relative to the importing file',
        }),
      );
      return undefined;
    }
    return { path: target, text };
  };

  visit(entry, entryText);
  return { files, sources, diagnostics };
}


